#!/usr/bin/env bash
# selftest.sh - command-line check of every wrapper in this folder: each sample that should
# pass passes and each broken sample fails. The pytest version of this is
# tests/test_validators_selftest.py; this one is for debugging the wrappers by hand.
# Needs the setup of tests/run.sh (chromium, Java, node_modules, .venv).
# Usage: bash tests/validators/selftest.sh     (PYTHON=... to pick the interpreter)
cd "$(dirname "$0")" || exit 2
PY=${PYTHON:-../../.venv/bin/python}
pass=0; fail=0
check() {  # check <expected-exit-code> <label> <command...>
  local want=$1 label=$2; shift 2
  "$@" >/dev/null 2>&1; local got=$?
  if [ "$got" = "$want" ]; then pass=$((pass+1)); echo "ok   $label"; else fail=$((fail+1)); echo "FAIL $label (exit $got, wanted $want)"; fi
}
check 0 "scorm12 runtime"      node scorm_check.mjs samples/scorm12-min --expect cmi.core.lesson_status=completed --expect cmi.core.score.raw=80
check 0 "scorm2004 runtime"    node scorm_check.mjs samples/scorm2004-min --expect cmi.completion_status=completed --expect cmi.success_status=passed --expect cmi.score.scaled=0.8
check 1 "scorm12 broken SCO"   node scorm_check.mjs samples/bad-scorm12 --timeout 2000
check 1 "scorm2004 broken SCO" node scorm_check.mjs samples/bad-scorm2004 --timeout 2000
check 0 "gift parse"           node gift_parse.mjs samples/gift/good.gift --summary
check 1 "gift syntax error"    node gift_parse.mjs samples/gift/bad.gift
check 0 "vnu valid html"       node html_check.mjs samples/html/good.html
check 1 "vnu invalid html"     node html_check.mjs samples/html/bad.html
check 0 "axe clean page"       node axe_check.mjs samples/html good.html
check 1 "axe violations"       node axe_check.mjs samples/html bad.html
check 0 "page http + click"    node page_check.mjs samples/page index.html --click '#go' --read '#out'
check 0 "page file://"         node page_check.mjs samples/page index.html --file-url
check 1 "page broken"          node page_check.mjs samples/page broken.html
check 1 "page module file://"  node page_check.mjs samples/page module.html --file-url
check 0 "moodle xml parse"     "$PY" moodle_xml_parse.py samples/moodle/quiz.xml
check 1 "moodle xml broken"    "$PY" moodle_xml_parse.py samples/moodle/bad.xml
S=../standards/samples
for p in "scorm12 scorm12-imsmanifest" "scorm2004 scorm2004-imsmanifest" "qti21-item qti21-choice-item" \
         "qti21-manifest qti21-imsmanifest" "qti12 qti12-quiz" \
         "cc11 cc11-imsmanifest" "cc11 cc11-assessment" "cc11 cc11-weblink" "cc11 cc11-topic"; do
  set -- $p
  check 0 "xsd $2 valid"   "$PY" validate_xml.py "$1" "$S/$2.xml" --engine both
  check 1 "xsd $2 broken"  "$PY" validate_xml.py "$1" "$S/$2-broken.xml" --engine both
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
