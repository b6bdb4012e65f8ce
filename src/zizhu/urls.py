"""URL configuration: the web application (zizhu.web), and the site's own Chinese error
pages (zizhu.web.views.errors)."""

from django.urls import include, path

urlpatterns = [
    path("", include("zizhu.web.urls")),
]

handler400 = "zizhu.web.views.errors.bad_request"
handler403 = "zizhu.web.views.errors.permission_denied"
handler404 = "zizhu.web.views.errors.page_not_found"
handler500 = "zizhu.web.views.errors.server_error"
