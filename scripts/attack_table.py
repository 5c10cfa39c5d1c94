#!/usr/bin/env python3
"""Builds assets/attack.tsv, the ATT&CK table compiled into itx, from the
MITRE ATT&CK STIX bundles (enterprise, mobile, ICS).

    python3 scripts/attack_table.py ENTERPRISE.json MOBILE.json ICS.json > assets/attack.tsv

The bundles are in ../shared/attack/ (xz -dc each first). One line per
technique: id, name, tactics (comma-separated shortnames), and status
(`-`, `deprecated`, or `revoked:ID` naming the replacement); lines
starting `#` carry the version, the tactics of each domain in matrix
order, and MITRE's copyright notice, which must travel with the table.
"""
import json
import sys

DOMAINS = ["enterprise", "mobile", "ics"]


def mitre_id(obj):
    for ref in obj.get("external_references", []):
        if ref.get("source_name") in ("mitre-attack", "mitre-mobile-attack", "mitre-ics-attack") and ref.get("external_id"):
            return ref["external_id"]
    return None


def main(paths):
    rows = {}
    header = []
    versions = []
    for domain, path in zip(DOMAINS, paths):
        objects = json.load(open(path, encoding="utf-8"))["objects"]
        by_id = {o["id"]: o for o in objects}
        collection = [o for o in objects if o["type"] == "x-mitre-collection"]
        modified = max(o.get("modified", "") for o in objects)[:10]
        if collection:
            versions.append(f"{domain} {collection[0].get('x_mitre_version')} ({modified})")
        else:
            versions.append(f"{domain} as of {modified}")
        # Tactics in the order of the domain's main matrix.
        matrices = sorted((o for o in objects if o["type"] == "x-mitre-matrix"), key=lambda m: -len(m["tactic_refs"]))
        tactics = [by_id[t]["x_mitre_shortname"] for t in matrices[0]["tactic_refs"]]
        header.append(f"# tactics {domain}: {','.join(tactics)}")
        revoked_by = {
            r["source_ref"]: r["target_ref"]
            for r in objects
            if r["type"] == "relationship" and r.get("relationship_type") == "revoked-by"
        }
        for o in objects:
            if o["type"] != "attack-pattern":
                continue
            tid = mitre_id(o)
            if not tid:
                continue
            if o.get("revoked"):
                target = by_id.get(revoked_by.get(o["id"], ""))
                status = f"revoked:{mitre_id(target)}" if target and mitre_id(target) else "revoked:"
            elif o.get("x_mitre_deprecated"):
                status = "deprecated"
            else:
                status = "-"
            phases = ",".join(p["phase_name"] for p in o.get("kill_chain_phases", []))
            name = " ".join(o["name"].split())
            row = (tid, name, phases, status, domain[0])
            # An id in several domains keeps its first (enterprise) row,
            # its tactics joined with the others'.
            if tid in rows:
                old = rows[tid]
                merged = ",".join(dict.fromkeys((old[2] + "," + phases).strip(",").split(",")))
                rows[tid] = (old[0], old[1], merged, old[3], old[4] + domain[0])
            else:
                rows[tid] = row
    print("# MITRE ATT&CK techniques for itx: id, name, tactics, status, domains (e enterprise, m mobile, i ICS).")
    print(f"# version: {'; '.join(versions)}")
    print("# (c) The MITRE Corporation. Reproduced and distributed with the permission of The MITRE Corporation,")
    print("# under the ATT&CK terms of use: https://attack.mitre.org/resources/legal-and-branding/terms-of-use/")
    for h in header:
        print(h)
    for tid in sorted(rows, key=lambda t: (t.split(".")[0], len(t), t)):
        print("\t".join(rows[tid]))


if __name__ == "__main__":
    main(sys.argv[1:])
