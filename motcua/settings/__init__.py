"""Settings: `base` holds everything; `development`, `test` and `production` adjust it.

Every value that differs between installations is read from the environment by
`motcua.settings.env`, so a province configures the platform without editing code.
"""
