#!/usr/bin/env bash
# Shared by the bench scripts (sourced): installs what a bench needs from the registries and starts the
# fixed-answer upstream, Debian's nginx speaking the OpenAI-compatible wire format: every POST to
# /v1/chat/completions gets one static chat.completion JSON body with usage, at once (one worker, pinned
# to core 0 with the load generator; the system under test gets core 1 alone).
#   free_port                       prints a free TCP port on 127.0.0.1
#   bench_direct N URL PID          the reference: N calls to URL straight, 4 at a time (bench/GatewayLoad.java), calls/s
#   bench_needs nginx pandoc ...    apt-get install what is missing (Debian packages)
#   bench_portkey                   npm ci of bench/portkey (the Portkey gateway, pinned in its package.json)
#   bench_nginx DIR PORT [article]  starts nginx from DIR on 127.0.0.1:PORT; sets $nginx_pid
#   bench_keel_home DIR PORT KEY    a Keel home whose one provider is the nginx on PORT, with agent key KEY for agent bench
#                                   "article": a Markdown article that passes the content QA gate
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

bench_direct() {
  local t0 t1
  t0=$(date +%s.%N)
  java -cp target/keel.jar bench/GatewayLoad.java count "$2" - "$1" 4 "$3" > /dev/null
  t1=$(date +%s.%N)
  awk -v n="$1" -v s="$t0" -v e="$t1" 'BEGIN{printf "calls %d, %.2f s (JVM start included), %.0f calls/s\n", n, e-s, n/(e-s)}'
}

bench_needs() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing ${missing[*]} (apt)" >&2
  { apt-get install -y "${missing[@]}" || { apt-get update && apt-get install -y "${missing[@]}"; }; } >/dev/null
}

bench_portkey() {
  [ -x bench/portkey/node_modules/.bin/gateway ] || [ -f bench/portkey/node_modules/@portkey-ai/gateway/build/start-server.js ] \
    || (cd bench/portkey && npm ci --no-audit --no-fund >/dev/null)
}

bench_nginx() {
  local dir=$1 port=$2 content
  if [ "${3:-}" = article ]; then
    content='# A short article\n\n'"$(printf 'Keel routes each content task to a model and checks what comes back. %.0s' 1 2 3 4 5 6)"'\n\n## Sources\n\n- https://example.org/keel\n- https://camel.apache.org\n'
  else
    content='The checks are green; ship it.'
  fi
  local body='{"id":"chatcmpl-bench","object":"chat.completion","created":1795000000,"model":"m1","choices":[{"index":0,"message":{"role":"assistant","content":"'"$content"'"},"finish_reason":"stop"}],"usage":{"prompt_tokens":42,"completion_tokens":9,"total_tokens":51,"prompt_tokens_details":{"cached_tokens":0}}}'
  mkdir -p "$dir/logs"
  # nginx reads backslash escapes in a quoted string: the JSON's \n is written as \\n
  cat > "$dir/nginx.conf" <<NGINX
worker_processes 1;
worker_cpu_affinity 01;
daemon off;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 120s;
  client_body_buffer_size 64k;
  client_body_temp_path $dir/tmp;
  proxy_temp_path $dir/tmp; fastcgi_temp_path $dir/tmp; uwsgi_temp_path $dir/tmp; scgi_temp_path $dir/tmp;
  server {
    listen 127.0.0.1:$port;
    location = /v1/chat/completions {
      default_type application/json;
      return 200 '${body//\\/\\\\}';
    }
    location = /v1/models {
      default_type application/json;
      return 200 '{"object":"list","data":[{"id":"m1","object":"model","owned_by":"bench"}]}';
    }
  }
}
NGINX
  mkdir -p "$dir/tmp"
  taskset -c 0 nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log" &
  nginx_pid=$!
  for _ in $(seq 1 50); do curl -sf -X POST -d '{}' "http://127.0.0.1:$port/v1/chat/completions" >/dev/null && return 0; sleep 0.1; done
  echo "nginx did not start: $(cat "$dir/logs/error.log")" >&2; return 1
}

bench_keel_home() {
  mkdir -p "$1/secrets"
  printf '%s' "$3" > "$1/secrets/agent-key-bench"; printf 'sk-bench-upstream-0000000000' > "$1/secrets/upstream-key"
  chmod 600 "$1/secrets/"*
  cat > "$1/providers.yaml" <<YAML
providers:
  - {name: up, type: openai-compatible, tier: reasoning, base-url: 'http://127.0.0.1:$2/v1', key-secret: upstream-key,
     models: [m1], context-window: 128000, price: {input: 0.6, output: 2.5, cached-input: 0.15}}
routing:
  target-mix: {local: 80, reasoning: 15, critical: 5}
  fallback: [up]
YAML
}
