#!/usr/bin/env python3
"""Seed inputs for the cargo-fuzz targets, built at run time from the real data in ../shared.

Usage: fuzz_seeds.py SHARED_DIR OUT_DIR MAX_BODY_BYTES

Writes OUT_DIR/<target>/<n>.txt|.json for frame_reader, search_parser, bungie_decode and
dim_loadout. Nothing from SHARED_DIR is copied into the repository: OUT_DIR is a temporary folder.
A missing SHARED_DIR (or file in it) only means fewer seeds; a few built-in ones always exist.
"""

import json
import re
import sys
import urllib.parse
from pathlib import Path

# Queries in the language PROTOCOL.md documents (a few deliberately wrong, for the error paths).
QUERIES = [
    "",
    "mida",
    "is:weapon",
    "is:armor is:exotic",
    "is:legendary -is:locked",
    "is:equipped or is:invault",
    "is:postmaster",
    "is:kinetic or is:energy or is:power",
    "is:titan is:armor power:>=1800",
    "power:<1750 -is:exotic",
    "power:=1810",
    'name:"mida multi-tool"',
    'name:"unterminated',
    "bucket:helmet",
    "bucket:class_item -is:locked or bucket:ghost",
    "is:hunter or is:warlock",
    "is:exotc",
    "power:>=",
    "-",
    "or",
    "is:weapon or",
]

# Built-in frames, used with the PROTOCOL.md ones (or alone when PROTOCOL.md is absent).
FRAMES = [
    '{"jsonrpc":"2.0","id":1,"method":"profile.snapshot"}',
    '{"jsonrpc":"2.0","id":"a","method":"items.search","params":{"query":"is:exotic","limit":5}}',
    '[{"jsonrpc":"2.0","id":1,"method":"session.status"},5,{"jsonrpc":"2.0","method":"session.status"}]',
    '{"jsonrpc":"2.0","method":"events.subscribe","params":{"topics":["inventory"]}}',
]

GET_PROFILE = "GetProfile-full-2021-05-28.json"


def write(out: Path, target: str, seeds: list[str | bytes], ext: str) -> int:
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    for n, seed in enumerate(seeds):
        data = seed if isinstance(seed, bytes) else seed.encode("utf-8")
        (folder / f"{n:04}.{ext}").write_bytes(data)
    return len(seeds)


def protocol_frames(protocol: Path) -> list[str]:
    """The JSON examples of PROTOCOL.md, and one request per method of its method table."""
    if not protocol.is_file():
        return []
    text = protocol.read_text(encoding="utf-8")
    frames = []
    for block in re.findall(r"```json\n(.*?)```", text, flags=re.S):
        lines = [line.strip() for line in block.strip().splitlines()]
        if all(line[:1] in "→←" for line in lines):
            frames += [line[1:].strip() for line in lines]
        elif all(line.startswith("{\"rev\"") for line in lines):
            frames += lines
        else:
            frames.append(block.strip())
    methods = []
    in_methods = False
    for line in text.splitlines():
        if line.startswith("## "):
            in_methods = line.strip() == "## Methods"
        elif in_methods and line.startswith("| `"):
            methods += re.findall(r"`([a-z]+\.[a-zA-Z]+)`", line.split("|")[1])
    for n, method in enumerate(dict.fromkeys(methods)):
        frames.append(json.dumps({"jsonrpc": "2.0", "id": n, "method": method, "params": {}}))
    if methods:
        batch = [{"jsonrpc": "2.0", "id": n, "method": m} for n, m in enumerate(methods[:3])]
        frames.append(json.dumps(batch))
    return frames


def slim(value, depth=0):
    """The same JSON with every list cut to 3 entries and every id-keyed map to 4, so a multi-MB
    capture becomes a few-KB seed with all of its shapes."""
    if isinstance(value, list):
        return [slim(v, depth + 1) for v in value[:3]]
    if isinstance(value, dict):
        entries = list(value.items())
        if len(entries) > 16:
            entries = entries[:4]
        return {k: slim(v, depth + 1) for k, v in entries}
    return value


def bungie_bodies(responses: Path, max_bytes: int) -> list[bytes]:
    """Every capture that fits whole, and a slimmed copy of each."""
    bodies = []
    for path in sorted(responses.glob("*.json")) if responses.is_dir() else []:
        raw = path.read_bytes()
        if len(raw) <= max_bytes:
            bodies.append(raw)
        try:
            bodies.append(json.dumps(slim(json.loads(raw.decode("utf-8-sig")))).encode())
        except ValueError:
            pass
    return bodies


def dim_loadouts(responses: Path) -> list[str]:
    """One DIM loadout per character of the real GetProfile (its equipped gear, instance ids and
    hashes as Bungie sent them), as JSON and as DIM's offline share link."""
    path = responses / GET_PROFILE
    seeds = []
    if path.is_file():
        profile = json.loads(path.read_bytes().decode("utf-8-sig"))["Response"]
        characters = profile.get("characters", {}).get("data", {})
        equipment = profile.get("characterEquipment", {}).get("data", {})
        for n, (character_id, character) in enumerate(characters.items()):
            items = equipment.get(character_id, {}).get("items", [])
            loadout = {
                "id": f"seed-{n}",
                "name": f"Equipped {n}",
                "classType": character.get("classType", 3),
                "equipped": [
                    {"id": i.get("itemInstanceId", "0"), "hash": i["itemHash"]}
                    for i in items[:10]
                ],
                "unequipped": [{"hash": i["itemHash"], "amount": 2} for i in items[10:12]],
            }
            text = json.dumps(loadout)
            seeds.append(text)
            seeds.append(
                "https://app.destinyitemmanager.com/loadouts?loadout="
                + urllib.parse.quote_plus(text)
            )
    seeds.append(
        '{"name":"Crota","classType":0,"equipped":[{"id":"1","hash":1000001,'
        '"socketOverrides":{"0":123},"craftedDate":1700000000}],'
        '"unequipped":[{"id":"0","hash":777,"amount":5}],"parameters":{"mods":[1,2]}}'
    )
    seeds.append("app.destinyitemmanager.com/loadouts?loadout=%7B%22name%22%3A%22x%22%7D")
    return seeds


def main() -> None:
    shared, out, max_bytes = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    responses = shared / "bungie" / "data" / "responses"
    counts = {
        "frame_reader": write(out, "frame_reader", FRAMES + protocol_frames(shared / "PROTOCOL.md"), "json"),
        "search_parser": write(out, "search_parser", QUERIES, "txt"),
        "bungie_decode": write(out, "bungie_decode", bungie_bodies(responses, max_bytes), "json"),
        "dim_loadout": write(out, "dim_loadout", dim_loadouts(responses), "txt"),
    }
    print("seeds: " + ", ".join(f"{t} {n}" for t, n in counts.items()))


if __name__ == "__main__":
    main()
