// Runs the editor's scripts (site_src/overrides/admin/) on a batch of inputs for the Python
// tests: reads [{module, fn, args}] as JSON from stdin, prints [{ok, value} | {error}].
"use strict";
const path = require("path");
const admin = path.resolve(__dirname, "../../site_src/overrides/admin");
const modules = {};
// Built-in helpers: how the browser's RegExp reads a pattern of the editor's configuration.
const builtins = { regexTest: (pattern, text) => new RegExp(pattern).test(text) };
function load(name) {
  if (name === null) return builtins;
  if (!modules[name]) modules[name] = require(path.join(admin, name + ".js"));
  return modules[name];
}
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const results = JSON.parse(input).map(({ module, fn, args }) => {
    try {
      return { ok: true, value: load(module)[fn](...args) };
    } catch (error) {
      return { ok: false, error: { name: error.name || null, message: error.message,
                                   hint: error.hint === undefined ? null : error.hint } };
    }
  });
  process.stdout.write(JSON.stringify(results));
});
