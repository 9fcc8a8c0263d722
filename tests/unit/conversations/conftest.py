import pytest

from shared.clock import parse_instant
from tests.factories import every_day
from tests.world import World


@pytest.fixture
def world(request):
    """An in-process world at TEST_NOW (or the default), or at the test's `@pytest.mark.now(...)`."""
    marker = request.node.get_closest_marker("now")
    world = World(now=parse_instant(marker.args[0]) if marker else None)
    try:
        yield world
        assert not world.crashed_tasks(), f"a queued task crashed: {world.crashed_tasks()}"
    finally:
        world.close()


@pytest.fixture
def shop(world):
    return world.register(hours=every_day("08:00", "20:00"), min_notice_minutes=60)


@pytest.fixture
def clinic(world):
    services = [{"name": "Initial Assessment", "duration_minutes": 60, "price": 70},
                {"name": "Follow-up Session", "duration_minutes": 30, "price": 50},
                {"name": "Sports Massage", "duration_minutes": 45, "price": 55},
                {"name": "Acupuncture", "duration_minutes": 30, "price": 45}]
    return world.register(name="Riverside Physio Clinic", services=services, faq=[],
                          hours=every_day("08:00", "20:00"), min_notice_minutes=60)


@pytest.fixture
def plumber(world):
    services = [{"name": "Emergency Callout", "duration_minutes": 60, "price": 150},
                {"name": "Boiler Service", "duration_minutes": 90, "price": 120},
                {"name": "Free Quote Visit", "duration_minutes": 30, "price": 0}]
    return world.register(name="Ace Plumbing and Heating", services=services, faq=[], greeting="",
                          service_areas=["Evanston"], hours=every_day("00:00", "24:00"), min_notice_minutes=60)
