from django.urls import path

app_name = "financing"

urlpatterns: list = []

# --- ARREARS ---
from .views import arrears  # noqa: E402

urlpatterns += [
    path("arrears/", arrears.caseload, name="arrears"),
    path("portfolio/", arrears.portfolio_report, name="portfolio"),
    path("portfolio.csv", arrears.portfolio_csv, name="portfolio_csv"),
]
# --- end ARREARS ---
