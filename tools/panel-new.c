/* panel-new: a new record to fill in, with a fresh ID. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "diag.h"
#include "newrec.h"
#include "plan.h"
#include "schemagen.h"
#include "mem.h"
#include "files.h"
#include "runenv.h"

static const char prog[] = "panel new";
enum { OPT_FRAMEWORK = PK_OPT_CODE, OPT_NAME, OPT_DATE, OPT_UNIT, OPT_SETTING, OPT_ORGANISATION,
	OPT_ID };
static const char *const synopsis[] = {
	"case --framework detention|ipp [--name NAME] [--id ID] [-C DIR]",
	"panel --framework detention|ipp --date DATE [--unit UNIT]\n"
	"      [--setting custody|community] [--id ID] [-C DIR]",
	"person --name NAME [--organisation home-office|hmpps] [--id ID]\n"
	"       [-C DIR]",
	NULL,
};
static const char description[] =
	"Writes a new record and prints its path (for $EDITOR \"$(panel new ...)\"):\n"
	"the modeline naming the schema of its kind and framework, then every\n"
	"required key in the schema's order, each under a comment saying what it\n"
	"is (and its allowed values); the values given here are filled in, the\n"
	"rest are left for you. It opens nothing and never overwrites a file.\n"
	"\n"
	"IDs [KIT-IDS]: a case gets the next free DC-NNNN (detention) or IS-NNNN\n"
	"(ipp); a panel CPP-DATE-A (the next free letter) or PP-DATE-UNIT, as\n"
	"'panel plan' names them; a person the name in lower case with hyphens\n"
	"(Ann Example: ann-example).  --id ID chooses it instead.\n";
static const struct pk_opt options[] = {
	{"framework", OPT_FRAMEWORK, "F", "detention or ipp (cases and panels)", 0},
	{"name", OPT_NAME, "NAME", "the person's name (cases, people)", 0},
	{"date", OPT_DATE, "DATE", "the sitting (panels), YYYY-MM-DD", 0},
	{"unit", OPT_UNIT, "UNIT", "ipp panels: the prison or PDU", 0},
	{"setting", OPT_SETTING, "S", "ipp panels: custody or community", 0},
	{"organisation", OPT_ORGANISATION, "O", "people: home-office or hmpps", 0},
	{"id", OPT_ID, "ID", "the ID, instead of a fresh one", 0},
	{NULL, 'C', "DIR", "the records repository (default: .); the path printed\n"
	 "starts with DIR/", 0},
	{"quiet", 'q', NULL, "print nothing", 0},
	PK_OPT_END,
};
static const char epilogue[] =
	"Exit status: 0 written, 2 usage error, the ID is taken, or I/O error.\n";
static const struct pk_cli cli = {
	.prog = prog, .synopsis = synopsis, .description = description, .opts = options,
	.width = 18, .epilogue = epilogue,
};

static int valid_id(const char *id)
{
	size_t n = strlen(id);
	if (!n || n > 64 || strstr(id, "..") || !((id[0] >= 'A' && id[0] <= 'Z') ||
						   (id[0] >= 'a' && id[0] <= 'z') ||
						   (id[0] >= '0' && id[0] <= '9')))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-", id[i]))
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	pk_cli_start(prog, &argc, &argv, PK_CLI_REPO);
	const char *dir = NULL, *fw = NULL, *name = NULL, *date_s = NULL, *unit = NULL;
	const char *setting = NULL, *org = NULL, *id_opt = NULL;
	int quiet = 0, c;
	while ((c = pk_cli_getopt(&cli, argc, argv)) != -1) {
		switch (c) {
		case OPT_FRAMEWORK: fw = optarg; break;
		case OPT_NAME: name = optarg; break;
		case OPT_DATE: date_s = optarg; break;
		case OPT_UNIT: unit = optarg; break;
		case OPT_SETTING: setting = optarg; break;
		case OPT_ORGANISATION: org = optarg; break;
		case OPT_ID: id_opt = optarg; break;
		case 'C': dir = optarg; break;
		case 'q': quiet = 1; break;
		default: return pk_cli_other(&cli, argv, c);
		}
	}
	if (argc - optind != 1)
		return pk_cli_error(&cli, "give one kind: case, panel or person");
	const char *kind = argv[optind], *root = dir ? dir : ".";
	int is_case = !strcmp(kind, "case"), is_panel = !strcmp(kind, "panel");
	int is_person = !strcmp(kind, "person");
	if (!is_case && !is_panel && !is_person)
		return pk_cli_error(&cli, "unknown kind \"%s\": give case, panel or person", kind);
	if (!is_person && (!fw || (strcmp(fw, "detention") && strcmp(fw, "ipp"))))
		return pk_cli_error(&cli, "a %s needs --framework detention or --framework ipp", kind);
	if (is_person && !name && !id_opt)
		return pk_cli_error(&cli, "a person needs --name NAME");
	if (is_panel && !date_s)
		return pk_cli_error(&cli, "a panel needs --date DATE (the sitting)");
	if (is_panel && !strcmp(fw, "ipp") && !unit)
		return pk_cli_error(&cli, "an ipp panel needs --unit UNIT (the prison or PDU)");
	if (id_opt && !valid_id(id_opt))
		return pk_cli_error(&cli, "--id \"%s\" is not an ID: letters, digits, '.', '_', '-' (at most 64) [KIT-IDS]",
				    id_opt);
	struct stat st;
	if (stat(root, &st) < 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "%s: %s: not a directory\n", prog, root);
		return PK_EXIT_USAGE;
	}

	char *id = NULL;
	struct pk_new_val vals[8];
	size_t nv = 0;
	pk_date date = 0;
	if (is_panel && pk_arg_date(prog, "--date", date_s, &date) < 0)
		return PK_EXIT_USAGE;
	if (id_opt) {
		id = xstrdup(id_opt);
	} else if (is_case) {
		id = pk_new_case_id(root, !strcmp(fw, "detention") ? "DC" : "IS");
	} else if (is_panel) {
		struct pk_plan_opts po = {0};
		po.fw = !strcmp(fw, "detention") ? PK_FW_DETENTION : PK_FW_IPP;
		po.date = date;
		po.unit = unit;
		po.setting = setting;
		id = pk_plan_next_id(root, &po);
	} else {
		id = pk_new_person_id(name);
	}
	if (!id) {
		fprintf(stderr, "%s: cannot make an ID from that; give --id ID\n", prog);
		return PK_EXIT_USAGE;
	}
	if (pk_new_id_used(root, id)) {
		fprintf(stderr, "%s: the ID %s is taken by another record [KIT-IDS]\nhint: give --id ID\n",
			prog, id);
		free(id);
		return PK_EXIT_USAGE;
	}
	vals[nv++] = (struct pk_new_val){"id", id};
	char datebuf[16];
	struct sbuf schema = SBUF_INIT;
	if (is_person) {
		sbuf_adds(&schema, "person.schema.json");
		if (name)
			vals[nv++] = (struct pk_new_val){"name", name};
		if (org)
			vals[nv++] = (struct pk_new_val){"organisation", org};
	} else {
		sbuf_addf(&schema, "%s-%s.schema.json", kind, fw);
		vals[nv++] = (struct pk_new_val){"framework", fw};
		if (name)
			vals[nv++] = (struct pk_new_val){"name", name};
		if (is_panel) {
			vals[nv++] = (struct pk_new_val){"date", pk_date_fmt(date, datebuf)};
			vals[nv++] = (struct pk_new_val){"status", "planned"};
			if (unit)
				vals[nv++] = (struct pk_new_val){"unit", unit};
			if (setting)
				vals[nv++] = (struct pk_new_val){"setting", setting};
		}
	}
	struct pk_diags d = PK_DIAGS_INIT;
	char *data = pk_data_dir();
	struct sbuf sdir = SBUF_INIT, rel = SBUF_INIT, path = SBUF_INIT;
	sbuf_addf(&sdir, "%s/schema", data);
	char *text = pk_new_record_text(sdir.s, schema.s, vals, nv, &d);
	int ret = PK_EXIT_USAGE;
	sbuf_addf(&rel, "%s/%s.yaml", is_case ? "cases" : is_panel ? "panels" : "people", id);
	if (dir)
		sbuf_addf(&path, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", rel.s);
	else
		sbuf_adds(&path, rel.s);
	if (text) {
		if (pk_write_atomic(path.s, text, strlen(text), 1) < 0) {
			fprintf(stderr, "%s: %s: %s\n", prog, path.s,
				errno == EEXIST ? "exists: not overwritten" : strerror(errno));
		} else {
			pk_schemagen_refresh_ids(root); /* completion offers the new ID */
			if (!quiet)
				printf("%s\n", path.s);
			ret = PK_EXIT_OK;
		}
	}
	pk_diags_print(stderr, &d);
	pk_diags_free(&d);
	free(text);
	free(data);
	free(id);
	sbuf_free(&sdir);
	sbuf_free(&rel);
	sbuf_free(&path);
	sbuf_free(&schema);
	return ret;
}
