"""Command line: `python -m shared.cli seed FILE [--api-key KEY]` loads a business from JSON/YAML."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def load_business_file(path: Path):
    from pydantic import ValidationError

    from shared.domain.business import Business

    text = path.read_text()
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml

        data = yaml.safe_load(text)
    else:
        data = json.loads(text)
    try:
        return Business.model_validate(data)
    except ValidationError as exc:
        lines = [f"  {'.'.join(str(p) for p in e['loc']) or '(root)'}: {e['msg']}" for e in exc.errors()]
        message = f"{path} is not a valid business ({len(lines)} errors):\n" + "\n".join(lines)
        raise SystemExit(message) from None


def seed(args: argparse.Namespace) -> int:
    from shared import bootstrap
    from shared.services.businesses import new_api_key

    business = load_business_file(Path(args.file))
    key = args.api_key or new_api_key()
    bootstrap.directory().register(business, key, label=args.label)
    print(json.dumps({"business_id": business.id, "phone_numbers": business.phone_numbers,
                      "api_key": key}))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.cli")
    commands = parser.add_subparsers(dest="command", required=True)
    seed_parser = commands.add_parser("seed", help="load a business from a JSON or YAML file")
    seed_parser.add_argument("file")
    seed_parser.add_argument("--api-key", help="API key to attach (default: a new random one)")
    seed_parser.add_argument("--label", default="default")
    seed_parser.set_defaults(run=seed)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
