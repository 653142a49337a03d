#!/usr/bin/env bash
# Rebuilds fuzz/seeds/ (committed, small) from the project's own fixtures: announcement files
# from demo/content, tests/e2e and cli/tests/fixtures, headlines from the lint corpus, the
# event fixtures, the audiences in the example configs, the fixture bundle. Deterministic.
set -euo pipefail
cd "$(dirname "$0")/.."
S=fuzz/seeds
rm -rf "$S"
mkdir -p "$S"/{bundle_decode,front_matter,markdown,audience_rule,event_record,report_reader}

# Announcement files (front matter + Markdown), each small.
for f in demo/content/*.md tests/e2e/content*/*.md cli/tests/fixtures/*/*.md; do
  name=$(echo "$f" | tr '/' '_')
  cp "$f" "$S/markdown/$name"
  cp "$f" "$S/front_matter/$name"
done
# Headlines from the lint corpus as benefits (every 100th line).
awk -F'\t' '!/^#/ && NR % 100 == 0 { print $4 }' core/src/lint/headlines.tsv | head -10 | while IFS= read -r h; do
  n=$((${n:-0} + 1))
  printf -- '---\nbenefit: "%s"\npublished: 2026-11-02\n---\n%s\n' "${h//\"/}" "$h" > "$S/markdown/headline-$n.md"
done

# Audience rules: the example configs' and the shapes core's tests use.
n=0
{
  grep -h "^[a-z_-]* = '" demo/content/whatsnew.toml tests/e2e/content*/whatsnew.toml 2>/dev/null | sed "s/^[^']*'//; s/'$//"
  printf '%s\n' 'plan == "pro" && seats >= 5' 'role in ["admin", "owner"] || !trial' \
    '!(beta && seats < 10) || plan != "free"' 'seats > -1.5e3' 'role in["a","b"]'
} | sort -u | while IFS= read -r r; do
  n=$((n + 1)); printf '%s' "$r" > "$S/audience_rule/rule-$n"
done

# Event records: the first line of each kind in the fixture, and one malformed.
E=cli/tests/fixtures/events/events-2026-12-01.jsonl
python3 - "$E" "$S/event_record" <<'PY'
import json, sys
seen = {}
for line in open(sys.argv[1]):
    try:
        e = json.loads(line)
        key = (e.get("type"), e.get("reason"))
    except ValueError:
        key = "malformed"
    seen.setdefault(key, line.rstrip("\n"))
for i, line in enumerate(seen.values()):
    open(f"{sys.argv[2]}/event-{i}", "w").write(line)
PY
# Report input: the first 60 lines of the fixture, and the malformed lines it holds.
head -60 "$E" > "$S/report_reader/events-head.jsonl"
grep -v '^{"v":1,"id"' "$E" | head -5 > "$S/report_reader/events-malformed.jsonl" || true
cat "$S"/event_record/* > "$S/report_reader/one-of-each.jsonl"

# Bundles: the report fixture's, and one with every node kind, a rule of each form and a
# translation.
cp cli/tests/fixtures/events/bundle.json "$S/bundle_decode/fixture.json"
cat > "$S/bundle_decode/every-kind.json" <<'JSON'
{"version":"1.3","bundle":"demo","locales":["en","fr"],"pacing":{"per_session":2,"per_day":3,"min_gap":60},
 "events":{"helpful":true},
 "rules":{"admins":{"cmp":["role","==","admin"]},"big":{"and":[{"cmp":["seats",">=",5]},{"not":{"flag":"trial"}}]},
          "team":{"or":[{"in":["role",["admin","owner"]]},{"flag":"beta"}]}},
 "announcements":[
  {"id":"bulk-export","benefit":"Hand your accountant a whole quarter","feature":"Bulk export","published":"2026-11-20",
   "display":"popup","pages":["/reports","/invoices/*"],"audience":["admins"],"priority":5,"publish":1763629200000,
   "expire":1767225600000,"image":{"src":"/img/export.png","alt":"The export dialog"},
   "cta":{"label":"Export this quarter","url":"/reports/export"},"goal":{"event":"report-sent","within_days":7},"holdout":10,
   "body":[{"p":[{"t":"Pick a range, get "},{"strong":[{"t":"one"}]},{"t":" file. See "},{"a":{"href":"https://example.com/guide","c":[{"t":"the guide"}]}},{"code":"--all"},"br",{"em":[{"t":"x"}]},{"img":{"src":"/c.png","alt":"chart"}}]},
     {"h":[{"t":"Sub"}]},{"ul":[[{"p":[{"t":"one"}]}],[{"p":[{"t":"two"}]}]]},{"ol":[[{"p":[{"t":"1"}]}]]},{"quote":[{"p":[{"t":"quoted"}]}]},{"pre":"code\n"},"hr"],
   "translations":{"fr":{"benefit":"Donnez un trimestre entier","cta":{"label":"Exporter","url":"/reports/export"},"body":[{"p":[{"t":"Bonjour"}]}]}}},
  {"id":"toast","benefit":"Send reports in one click","published":"2026-11-02","display":"toast",
   "trigger":{"event":"report-exported","count":2},"timeout":15,"body":[]}
 ]}
JSON
du -sh "$S"; for d in "$S"/*; do echo "$(ls "$d" | wc -l) $(basename "$d")"; done
