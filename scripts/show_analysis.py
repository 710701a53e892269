"""Print an analysis JSON compactly for reading: entities, events, stances."""

from __future__ import annotations

import json
import sys


def main(path: str) -> None:
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    for art in data["articles"]:
        names = {e["id"]: e["name"] for e in art["entities"]}
        print(f"# {art['id']} {art['date']} model={art.get('model')}")
        for e in art["entities"]:
            aff = names.get(e["affiliation"]) if e["affiliation"] else None
            print(
                f"  {e['id']:4} {e['type']:3} {e['name']} | {e['name_en']} | aliases={e['aliases']} "
                f"| n={len(e['mentions'])} | role={e['role']} | aff={aff}"
            )
        for v in art["events"]:
            parts = [names.get(p, p) for p in v["participants"]]
            print(
                f"  {v['id']} {v['kind']} {v['date']} ({v['date_text']}) at={names.get(v['location'])} "
                f"s={v['sentence']} {parts}"
            )
        for s in art["stances"]:
            print(
                f"  {names[s['source']]} -> {names[s['target']]}: {s['polarity']} {s['confidence']} s={s['sentence']}"
            )


if __name__ == "__main__":
    main(sys.argv[1])
