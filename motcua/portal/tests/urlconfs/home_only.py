from motcua.portal.tests.urlconfs import project_with_portal_pages

urlpatterns = project_with_portal_pages([])
