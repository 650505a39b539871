#!/bin/sh
# panel validate runs the panel checks (check_panel.c) end to end: each
# fixture panel of tests/fixtures/panels/records passes the schema; the
# "-ok" ones give no finding at all, the others give their rule's finding
# (exact messages: tests/test_panel_checks.c), positioned, with a hint.
. "$PANEL_SRC/tests/cli/lib.sh"
PANEL_TODAY=2026-11-23
export PANEL_TODAY
cp -R "$PANEL_SRC/tests/fixtures/panels/records" repo || fail "copy"
cd repo || fail "cd"

for f in panels/*-ok.yaml panels/cpp-cancelled.yaml; do
	expect_status 0 panel validate -q "$f"
	[ ! -s actual.out ] || { cat actual.out; fail "$f: findings on a panel that passes"; }
done

# fixture  exit  rule  (one line each; the rule must be among the findings)
while read -r name want rule; do
	expect_status "$want" panel validate -q "panels/$name.yaml"
	expect_grep "[$rule]" actual.out
	expect_grep "hint: " actual.out
	if grep -v "^ \|^hint:" actual.out | grep -v "^panels/$name.yaml:[0-9]*:[0-9]*: \(error\|warning\): " | grep -q .; then
		cat actual.out
		fail "$name: a finding not positioned at a line and column of the panel"
	fi
done <<'LIST'
cpp-chair-fail 1 CPP-CHAIR
pp-nondisclosure-fail 0 PF-NONDISCLOSURE
cpp-chair-nograde 1 CPP-CHAIR
cpp-member-fail 1 CPP-MEMBER-GRADE
cpp-trained-fail 1 CPP-TRAINED
cpp-quorum-fail 0 CPP-QUORUM
cpp-quorum-proceed-fail 0 CPP-QUORUM
cpp-quorum-proceed-by 0 CPP-QUORUM
cpp-secretariat-fail 1 CPP-SECRETARIAT
cpp-secretariat-missing 1 CPP-SECRETARIAT
cpp-rec-fail 1 CPP-REC
cpp-audit-fail 0 CPP-AUDIT
cpp-response-fail 1 CPP-RESPONSE
cpp-response-tier 1 CPP-RESPONSE
cpp-response-more-fail 1 CPP-RESPONSE
cpp-ready-fail 0 CPP-INVITE
cpp-ready-late 0 CPP-REPORT
cpp-planned-past 0 CPP-REC
cpp-cases-fail 1 CPP-END
pp-chair-fail 1 PF-CHAIR
pp-core-custody-fail 1 PF-CORE-CUSTODY
pp-core-community-fail 1 PF-CORE-COMMUNITY
pp-offender-fail 1 PF-OFFENDER
pp-agenda-fail 1 PF-AGENDA
pp-women-fail 1 PF-WOMEN
pp-women-community-fail 1 PF-WOMEN
pp-evidence-fail 1 PF-EVIDENCE
pp-evidence-ks-fail 1 PF-EVIDENCE
pp-questions-fail 1 PF-QUESTIONS
pp-record-fail 1 PF-RECORD
pp-record-dates-fail 1 KIT-DATES
pp-planned-past 0 PF-RECORD
pp-ready-fail 0 PF-AGENDA
LIST

# One finding in full, as a practitioner sees it.
expect_status 1 panel validate -q panels/cpp-chair-fail.yaml
cat >expected.out <<'OUT'
panels/cpp-chair-fail.yaml:7:8: error: chair hc-seo is SEO; DC-0102 is 12-month+ (458 days detained on 2026-12-03), which needs a chair of grade G7 or above [CPP-CHAIR]
    7 | chair: hc-seo
      |        ^
hint: choose a chair of grade G7 or above, or move DC-0102 to another panel
OUT
diff -u expected.out actual.out || fail "cpp-chair-fail output"

# Readiness follows --as-of: a week earlier nothing was due yet.
expect_status 0 panel validate -q --as-of 2026-11-10 panels/cpp-ready-fail.yaml
[ ! -s actual.out ] || { cat actual.out; fail "readiness warnings before anything was due"; }
exit 0
