from rest_framework.routers import SimpleRouter

from motcua.agencies.api.views import UnitViewSet

router = SimpleRouter()
router.register("", UnitViewSet, basename="unit")

urlpatterns = router.urls
