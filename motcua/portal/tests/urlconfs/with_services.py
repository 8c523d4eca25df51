from motcua.portal.tests.urlconfs import SERVICE_PAGES, project_with_portal_pages

urlpatterns = project_with_portal_pages(SERVICE_PAGES)
