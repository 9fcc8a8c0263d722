from shared.console.connected_page import connected_page
from shared.domain.business import Business
from shared.domain.calendar_sync import CalendarConnection
from tests.factories import make_business


def business(**extra) -> Business:
    return make_business(id="b1", name="Bella <Salon>", **extra)


def connection(resource: str, calendar_id: str) -> CalendarConnection:
    return CalendarConnection(business_id="b1", resource=resource, calendar_id=calendar_id,
                              refresh_token_encrypted="x", connected_at="2026-12-07T14:30:00Z")


def test_the_page_names_the_staff_member_and_links_back_to_their_staff_page():
    page = connected_page(connection("maria", "maria@example.com"),
                          business(staff=[{"id": "maria", "name": "Maria Lopez"}]), "https://console.example/")
    assert "Maria Lopez&#x27;s calendar is connected: <strong>maria@example.com</strong>" in page
    assert 'href="https://console.example/b/b1/staff"' in page
    assert "<script" not in page


def test_what_google_or_the_owner_wrote_is_text_not_markup():
    page = connected_page(connection("business", "<img src=x onerror=alert(1)>"), business(), "http://127.0.0.1:8830")
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "Bella &lt;Salon&gt;&#x27;s calendar" in page
