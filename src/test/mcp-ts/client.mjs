// Keel's /mcp through the official MCP TypeScript SDK (Streamable HTTP). Run by McpTypeScriptClientTest:
//   node client.mjs <url> <agent key>
// Prints one JSON object with what the SDK saw; exits 1 if anything the test expects failed to happen.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [url, key] = process.argv.slice(2);

function connect(bearer) {
  const client = new Client({ name: "keel-ts-test", version: "1.0.0" });
  const headers = bearer ? { Authorization: `Bearer ${bearer}` } : {};
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
  return { client, transport };
}

const out = {};
try {
  const { client, transport } = connect(key);
  await client.connect(transport);
  out.server = client.getServerVersion()?.name;
  out.tools = (await client.listTools()).tools.map((t) => t.name);
  const health = await client.callTool({ name: "health", arguments: {} });
  out.health = health.structuredContent ?? null;
  const route = await client.callTool({ name: "route_explain", arguments: { prompt: "Say hello" } });
  out.route = route.structuredContent ?? null;
  const bad = await client.callTool({ name: "task_status", arguments: { task: "20200101-000000000000" } });
  out.badCall = { isError: bad.isError === true, text: bad.content?.[0]?.text ?? "" };
  out.prompts = (await client.listPrompts()).prompts.map((p) => p.name);
  if (out.prompts.length > 0) {
    const first = (await client.listPrompts()).prompts[0];
    const args = Object.fromEntries((first.arguments ?? []).map((a) => [a.name, "TS"]));
    const got = await client.getPrompt({ name: first.name, arguments: args });
    out.prompt = got.messages?.[0]?.content?.text ?? null;
  }
  out.resources = (await client.listResources()).resources.map((r) => r.uri);
  if (out.resources.length > 0) {
    const read = await client.readResource({ uri: out.resources[0] });
    out.resourceText = read.contents?.[0]?.text ?? null;
  }
  await client.close();
} catch (e) {
  out.error = String(e?.message ?? e);
}
try {
  const { client, transport } = connect(null);
  await client.connect(transport);
  out.withoutKey = "connected";
  await client.close();
} catch (e) {
  out.withoutKey = "refused: " + String(e?.message ?? e);
  out.withoutKeyStatus = e?.code ?? null;
}
console.log(JSON.stringify(out));
process.exit(out.error || out.withoutKey === "connected" ? 1 : 0);
