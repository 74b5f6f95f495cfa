// Runs in the page via WebDriver's execute/async: records 1 s of a 64x48 canvas at 10 fps.
const [mime, timeslice, done] = arguments;
const canvas = document.getElementById('c');
const g = canvas.getContext('2d');
let frame = 0;
function draw() {
  g.fillStyle = '#2040c0'; g.fillRect(0, 0, 64, 48);
  g.fillStyle = frame < 5 ? '#ff0000' : '#00ff00'; g.fillRect(0, 0, 16, 12);
  frame++;
}
draw();
const stream = canvas.captureStream(10);
const rec = new MediaRecorder(stream, {mimeType: mime, videoBitsPerSecond: 100000});
const chunks = [];
rec.ondataavailable = e => chunks.push(e.data);
rec.onstop = async () => {
  const buf = new Uint8Array(await new Blob(chunks).arrayBuffer());
  let s = ''; for (const b of buf) s += String.fromCharCode(b);
  done(btoa(s));
};
const timer = setInterval(draw, 100);
rec.start(timeslice || undefined);
setTimeout(() => { clearInterval(timer); rec.stop(); }, 1000);
