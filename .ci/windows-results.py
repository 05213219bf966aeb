"""Sums the per-class results of the Windows leg (.ci/windows): one xunit v3 XML file per test class.

A class whose process wrote no results (Wine's CoreCLR crashed, or the class hung past its timeout)
counts as one failure. Failures and skips are listed with their reasons on stderr; the last line on
stdout is "passed failed skipped" for the shell.
"""
import pathlib
import sys
import xml.etree.ElementTree as ET

results = pathlib.Path(sys.argv[1])
passed = failed = skipped = 0
skips = {}
for marker in sorted(results.glob("*.class")):
    # SUITE.N.class: the stem keeps its dots (Path.with_suffix would take ".N" for the suffix).
    stem = str(marker)[: -len(".class")]
    cls = marker.read_text().strip()
    code_file = pathlib.Path(stem + ".code")
    code = code_file.read_text().strip() if code_file.exists() else "?"
    xml = pathlib.Path(stem + ".xml")
    log = pathlib.Path(stem + ".log")
    if not xml.exists():
        failed += 1
        print(f"FAIL {cls}: the process wrote no results (exit code {code})", file=sys.stderr)
        if log.exists():
            print("\n".join(log.read_text(errors="replace").splitlines()[-40:]), file=sys.stderr)
        continue
    for test in ET.parse(xml).getroot().iter("test"):
        result = test.get("result")
        name = test.get("name")
        if result == "Pass":
            passed += 1
        elif result == "Skip":
            skipped += 1
            reason = (test.findtext("reason") or "").strip()
            skips[reason] = skips.get(reason, 0) + 1
        elif result == "NotRun":
            continue
        else:
            failed += 1
            message = (test.findtext("failure/message") or "").strip()
            print(f"FAIL {name}: {message[:2000]}", file=sys.stderr)
    for error in ET.parse(xml).getroot().iter("error"):
        failed += 1
        print(f"FAIL {cls} ({error.get('type')} {error.get('name')}): {(error.findtext('failure/message') or '').strip()[:2000]}", file=sys.stderr)
for reason, count in sorted(skips.items(), key=lambda kv: -kv[1]):
    print(f"skipped {count}: {reason}", file=sys.stderr)
print(passed, failed, skipped)
