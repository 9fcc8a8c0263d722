import pytest

from shared.clock import parse_instant
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
