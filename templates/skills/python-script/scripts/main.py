"""The __NAME__ skill's script: prints its input's length (replace with the real work)."""

import sys


def main(argv: list[str]) -> int:
    text = argv[1] if len(argv) > 1 else ""
    print(len(text))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
