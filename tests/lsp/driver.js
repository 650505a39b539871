#!/usr/bin/env node
// LSP driver for the editor tests: runs the real yaml-language-server over
// stdio, as VS Code and Neovim do, opens files and asks for diagnostics and
// completions.  Input (argv[2], JSON): {"root": DIR, "files": [{"path":
// REL, "text" or "textFile": the text instead of the file's, "complete":
// [[line, col], ...]}]}
// (line and col 0-based, LSP style).  Output: one JSON line per file:
// {"path", "diagnostics": [{"line", "col", "message"}], "completions":
// [[labels...], ...]} (labels sorted).  Test tooling only.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const root = path.resolve(job.root);
const server = spawn(process.env.YAML_LS || 'yaml-language-server', ['--stdio'],
	{ stdio: ['pipe', 'pipe', 'inherit'] });
let buf = Buffer.alloc(0), nextId = 1;
const pending = new Map(), diagWaiters = new Map(), diags = new Map();

function send(msg) {
	const body = Buffer.from(JSON.stringify(Object.assign({ jsonrpc: '2.0' }, msg)), 'utf8');
	server.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
	server.stdin.write(body);
}
function request(method, params) {
	const id = nextId++;
	send({ id, method, params });
	return new Promise((resolve) => pending.set(id, resolve));
}
function notify(method, params) { send({ method, params }); }

server.stdout.on('data', (chunk) => {
	buf = Buffer.concat([buf, chunk]);
	for (;;) {
		const sep = buf.indexOf('\r\n\r\n');
		if (sep < 0) return;
		const m = /Content-Length: (\d+)/i.exec(buf.slice(0, sep).toString());
		const len = parseInt(m[1], 10);
		if (buf.length < sep + 4 + len) return;
		const msg = JSON.parse(buf.slice(sep + 4, sep + 4 + len).toString('utf8'));
		buf = buf.slice(sep + 4 + len);
		handle(msg);
	}
});

function handle(msg) {
	if (msg.id !== undefined && msg.method) {
		// server -> client requests: configuration, registration, ...
		let result = null;
		if (msg.method === 'workspace/configuration')
			result = msg.params.items.map((it) => it.section === 'yaml' ? settings.yaml : null);
		send({ id: msg.id, result });
		return;
	}
	if (msg.id !== undefined) {
		const r = pending.get(msg.id);
		pending.delete(msg.id);
		if (r) r(msg.result !== undefined ? msg.result : { error: msg.error });
		return;
	}
	if (msg.method === 'textDocument/publishDiagnostics') {
		diags.set(msg.params.uri, msg.params.diagnostics);
		const w = diagWaiters.get(msg.params.uri);
		if (w) { diagWaiters.delete(msg.params.uri); w(msg.params.diagnostics); }
	}
}

const settings = {
	yaml: {
		validate: true, completion: true, hover: true, format: { enable: false },
		schemaStore: { enable: false }, yamlVersion: '1.2',
		schemas: job.schemas || {},
	},
};

function waitDiags(uri) {
	return new Promise((resolve) => {
		const t = setTimeout(() => { diagWaiters.delete(uri); resolve(diags.get(uri) || []); }, 5000);
		diagWaiters.set(uri, (d) => { clearTimeout(t); resolve(d); });
	});
}

(async () => {
	const rootUri = 'file://' + root;
	await request('initialize', {
		processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'records' }],
		capabilities: {
			workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
			textDocument: { completion: { completionItem: { snippetSupport: false,
				documentationFormat: ['plaintext'] } }, publishDiagnostics: {} },
		},
		initializationOptions: {},
	});
	notify('initialized', {});
	notify('workspace/didChangeConfiguration', { settings });
	let version = 1;
	for (const f of job.files) {
		const file = path.join(root, f.path);
		// a fresh URI for each entry (beside the file, so the modeline's
		// relative path holds): a closed document's empty diagnostics
		// must not pass for the next one's
		const uri = 'file://' + file.replace(/\.yaml$/, '') + (version > 1 ? `.~${version}` : '') + '.yaml';
		const text = f.text !== undefined ? f.text :
			fs.readFileSync(f.textFile !== undefined ? f.textFile : file, 'utf8');
		const w = waitDiags(uri);
		notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: version++, text } });
		const d = await w;
		const out = { path: f.path, diagnostics: d.map((x) => ({ line: x.range.start.line,
			col: x.range.start.character, severity: x.severity, message: x.message })) };
		if (f.complete) {
			out.completions = [];
			for (const [line, character] of f.complete) {
				const r = await request('textDocument/completion', { textDocument: { uri }, position: { line, character } });
				const items = (r && (r.items || r)) || [];
				out.completions.push(items.map((it) => job.details ?
					it.label + ' | ' + (typeof it.documentation === 'object' ? it.documentation.value : it.documentation || '') :
					it.label).sort());
			}
		}
		process.stdout.write(JSON.stringify(out) + '\n');
	}
	await request('shutdown', null);
	notify('exit', null);
	setTimeout(() => process.exit(0), 200);
})().catch((e) => { console.error(e); process.exit(2); });
