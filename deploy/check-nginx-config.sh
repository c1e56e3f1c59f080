#!/usr/bin/env bash
# Checks that deploy/nginx/denen.conf is a valid nginx site: copies it into a
# temporary prefix with a self-signed certificate, wraps it in a minimal main
# configuration whose every path lies in that prefix, and runs `nginx -t`.
# Needs nginx and openssl, no root. CTest: nginx_example_config.
# Usage: deploy/check-nginx-config.sh [SITE.conf]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
site="${1:-$here/nginx/denen.conf}"

nginx_bin="$(command -v nginx || true)"
[ -n "$nginx_bin" ] || nginx_bin=/usr/sbin/nginx
if [ ! -x "$nginx_bin" ]; then
  echo "check-nginx-config: nginx is not installed (apt install nginx-light)" >&2
  exit 1
fi
if ! command -v openssl >/dev/null; then
  echo "check-nginx-config: openssl is not installed" >&2
  exit 1
fi

prefix="$(mktemp -d "${TMPDIR:-/tmp}/denen-nginx-check.XXXXXX")"
trap 'rm -rf "$prefix"' EXIT
mkdir -p "$prefix/tls" "$prefix/logs" "$prefix/temp"

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=denen.city.example.jp" \
  -keyout "$prefix/tls/privkey.pem" -out "$prefix/tls/fullchain.pem" 2>/dev/null

# The example's certificate paths point at the test certificate. `nginx -t`
# binds the listening ports (a port in use is fine, a privileged one is not
# without root), so 80 and 443 become unprivileged ports on loopback, and the
# IPv6 listeners go when the machine has no IPv6.
sed -e "s#/etc/denen/tls/#$prefix/tls/#g" \
    -e 's#^\(\s*listen\s\+\)80;#\1127.0.0.1:18080;#' \
    -e 's#^\(\s*listen\s\+\)\[::\]:80;#\1[::1]:18080;#' \
    -e 's#^\(\s*listen\s\+\)443 #\1127.0.0.1:18443 #' \
    -e 's#^\(\s*listen\s\+\)\[::\]:443 #\1[::1]:18443 #' \
    "$site" >"$prefix/denen.conf"
if [ ! -e /proc/net/if_inet6 ]; then
  sed -i '/^\s*listen\s\+\[/d' "$prefix/denen.conf"
fi
if grep -q '/etc/denen/tls/' "$prefix/denen.conf" || grep -Eq '^\s*listen\s+(\[::\]:)?(80|443)\b' "$prefix/denen.conf"; then
  echo "check-nginx-config: the certificate paths or ports of $site were not substituted" >&2
  exit 1
fi

# `user` only matters when nginx starts as root; the check never starts it.
cat >"$prefix/nginx.conf" <<CONF
pid $prefix/nginx.pid;
error_log $prefix/logs/error.log;
events {}
http {
    access_log $prefix/logs/access.log;
    client_body_temp_path $prefix/temp/body;
    proxy_temp_path $prefix/temp/proxy;
    fastcgi_temp_path $prefix/temp/fastcgi;
    uwsgi_temp_path $prefix/temp/uwsgi;
    scgi_temp_path $prefix/temp/scgi;
    include $prefix/denen.conf;
}
CONF

if ! out="$("$nginx_bin" -t -q -p "$prefix/" -e "$prefix/logs/error.log" -c "$prefix/nginx.conf" 2>&1)"; then
  echo "$out" >&2
  echo "check-nginx-config: FAILED: $site" >&2
  exit 1
fi
# nginx -t passes with warnings (e.g. a directive ignored); treat them as failures.
if [ -n "$out" ]; then
  echo "$out" >&2
  echo "check-nginx-config: nginx warned about $site" >&2
  exit 1
fi
echo "check-nginx-config: OK: $site"
