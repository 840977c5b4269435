// Calls one Kinesis API operation on kinesis-local over plain HTTP with the JSON protocol, for
// start.sh: Node.js is already there to run the emulator, so creating a stream needs neither the AWS
// CLI nor curl.
//
// usage: node kinesis-call.js <endpoint> <Operation> '<request JSON>'
//   prints the response body; exits 0 on HTTP 2xx, 1 on an error answer, 2 if the endpoint is unreachable
//
// kinesis-local wants an Authorization header but does not check the signature; the access key
// "test" selects its default account, and the credential scope's region (AWS_REGION, else
// AWS_DEFAULT_REGION, else us-east-1) the region the stream lives in.
"use strict";
const http = require("http");

const [endpoint, operation, body] = process.argv.slice(2);
if (!endpoint || !operation || body === undefined) {
  process.stderr.write("usage: node kinesis-call.js <endpoint> <Operation> '<request JSON>'\n");
  process.exit(64);
}
const region = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || "us-east-1";
const now = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");

const request = http.request(endpoint, {
  method: "POST",
  timeout: 5000,
  headers: {
    "Content-Type": "application/x-amz-json-1.1",
    "X-Amz-Target": "Kinesis_20131202." + operation,
    "X-Amz-Date": now,
    "Authorization": "AWS4-HMAC-SHA256 Credential=test/" + now.slice(0, 8) + "/" + region
      + "/kinesis/aws4_request, SignedHeaders=host;x-amz-date, Signature=0",
  },
}, (response) => {
  let text = "";
  response.setEncoding("utf8");
  response.on("data", (chunk) => (text += chunk));
  response.on("end", () => {
    process.stdout.write(text + "\n");
    process.exit(response.statusCode >= 200 && response.statusCode < 300 ? 0 : 1);
  });
});
request.on("timeout", () => request.destroy(new Error("timed out")));
request.on("error", (error) => {
  process.stderr.write("kinesis-call.js: " + endpoint + ": " + error.message + "\n");
  process.exit(2);
});
request.end(body);
