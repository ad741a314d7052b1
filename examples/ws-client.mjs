// A minimal WebSocket client for the README walkthrough, using Node's built-in WebSocket
// (Node 22+, or Node 20 with --experimental-websocket).
// usage: node ws-client.mjs <ws_url> [api_key]
// Prints every message from the gateway; after the welcome it sends update_api_key when a key is given.
const [url, apiKey] = process.argv.slice(2);
if (!url) {
  console.error("usage: node ws-client.mjs <ws_url> [api_key]");
  process.exit(2);
}
const socket = new WebSocket(url);
socket.onmessage = (event) => {
  console.log("<", event.data);
  const message = JSON.parse(event.data);
  if (message.type === "connected" && apiKey) {
    const update = JSON.stringify({ type: "update_api_key", key: apiKey });
    console.log(">", update);
    socket.send(update);
  }
};
socket.onclose = (event) => {
  console.log(`closed: ${event.code} ${event.reason}`);
  process.exit(0);
};
socket.onerror = () => console.error("connection failed");
