-- wrk script: each thread sends its share of the pre-signed requests in bench/WebhookRequests'
-- file (path, timestamp, signature, body per line), in order, never the same one twice.
local requests = {}
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file = args[1]
  local count = #threads > 0 and #threads or tonumber(args[2])
  local i = 0
  for line in io.lines(file) do
    if i % tonumber(args[2]) == id then
      local path, ts, sig, body = line:match("([^\t]+)\t([^\t]+)\t([^\t]+)\t(.*)")
      table.insert(requests, wrk.format("POST", path, {
        ["X-Keel-Source"] = "bench", ["X-Keel-Timestamp"] = ts, ["X-Keel-Signature-256"] = sig,
        ["Content-Type"] = "application/json"}, body))
    end
    i = i + 1
  end
  next_request = 1
end

function request()
  local r = requests[next_request]
  next_request = next_request + 1
  if r == nil then
    return wrk.format("GET", "/api/tasks/exhausted")
  end
  return r
end
