"""EMA-only copies of training runs: `python slim_runs.py ROOT NAME...` writes ROOT/slim/NAME for each run
ROOT/NAME, its checkpoint without the optimiser state and the raw weights (what export_tfjs.py reads), with
its log.jsonl and sessions.json. The GPU lease scripts pack these to bring runs home: the device returns files
of at most 16 MiB, and a full state is three times an EMA state."""
import shutil
import sys
from pathlib import Path

from checkpoint_io import load_state, save_state


def slim_runs(root: Path, names: list[str]) -> None:
    for name in names:
        state = load_state(root / name)
        if state is None:
            raise SystemExit(f'{root / name}: no checkpoint to slim')
        save_state({k: v for k, v in state.items() if k not in ('opt', 'model')}, root / 'slim' / name)
        for f in ('log.jsonl', 'sessions.json'):
            if (root / name / f).exists():
                shutil.copy(root / name / f, root / 'slim' / name / f)


if __name__ == '__main__':
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    slim_runs(Path(sys.argv[1]), sys.argv[2:])
