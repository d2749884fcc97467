// The client never follows redirects (`maxRedirects: 0`, so credentials cannot follow one), and
// axios then uses Node's own http/https; follow-redirects is only referenced, never used.
const http = require('node:http');
const https = require('node:https');
module.exports = { http, https, default: { http, https } };
