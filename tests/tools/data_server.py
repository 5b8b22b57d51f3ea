"""A loopback HTTP server for the tests of `prospect data fetch`: serves the
files of a folder with Range requests (which python3 -m http.server lacks),
and can cut each file's first response short, as a dropped connection would.

    python3 data_server.py ROOT PORT_FILE LOG_FILE [CUT_BYTES [stall]]

Binds 127.0.0.1 on a free port and writes the port to PORT_FILE; appends
"PATH RANGE" (RANGE "-" when none) to LOG_FILE for every GET. With CUT_BYTES,
the first GET of each path announces the whole file but sends only CUT_BYTES
of it, then closes the connection (or with "stall", keeps it open without
sending more, as a stalled server would).
"""
import http.server
import os
import re
import sys
import time

root, port_file, log_file = sys.argv[1:4]
cut = int(sys.argv[4]) if len(sys.argv) > 4 else None
stall = len(sys.argv) > 5 and sys.argv[5] == "stall"
served = set()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        path = os.path.join(root, self.path.lstrip("/"))
        requested = self.headers.get("Range")
        with open(log_file, "a") as log:
            log.write(f"{self.path} {requested or '-'}\n")
        if not os.path.isfile(path):
            self.send_error(404)
            return
        data = open(path, "rb").read()
        start = 0
        match = re.fullmatch(r"bytes=(\d+)-", requested or "")
        if match:
            start = int(match.group(1))
            if start >= len(data):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(data)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(len(data) - start))
        self.end_headers()
        body = data[start:]
        if cut is not None and self.path not in served:
            served.add(self.path)
            body = body[:cut]
            self.close_connection = True
        self.wfile.write(body)
        if stall and len(body) < len(data) - start:
            self.wfile.flush()
            time.sleep(60)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
