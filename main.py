"""Deploy root for `gcloud functions deploy --source=.`: re-exports the entry points."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "functions"))

from functions.main import *  # noqa: E402,F401,F403
from functions.main import FUNCTIONS  # noqa: E402,F401
