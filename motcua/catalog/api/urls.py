from rest_framework.routers import SimpleRouter

from motcua.catalog.api.views import ProcedureViewSet

router = SimpleRouter()
router.register("", ProcedureViewSet, basename="procedure")

urlpatterns = router.urls
