// Conversation practice in the browser: record with MediaRecorder, POST the clip to the app's own
// route with the learner's token, play partner audio. Reflex calls these through rx.call_script.
(function () {
  "use strict";
  const state = { recorder: null, chunks: [], stream: null, started: 0, timer: null, limit: 60, done: null };

  function tokenOf() {
    return window.localStorage.getItem("ws_access_token") || "";
  }

  function showSeconds(seconds) {
    const el = document.getElementById("rec-seconds");
    if (el) el.textContent = String(seconds);
  }

  function preferredType() {
    const types = ["audio/webm;codecs=opus", "audio/webm", "audio/mp4", "audio/ogg;codecs=opus"];
    if (!window.MediaRecorder || !MediaRecorder.isTypeSupported) return "";
    return types.find((t) => MediaRecorder.isTypeSupported(t)) || "";
  }

  async function start(limitSeconds) {
    if (state.recorder) return "recording";
    stopVoice(); // never record the partner's voice over the learner's
    state.limit = Math.max(1, Math.min(60, Number(limitSeconds) || 60));
    try {
      state.stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      return "denied";
    }
    const type = preferredType();
    state.recorder = type ? new MediaRecorder(state.stream, { mimeType: type }) : new MediaRecorder(state.stream);
    state.chunks = [];
    state.recorder.ondataavailable = (event) => {
      if (event.data && event.data.size) state.chunks.push(event.data);
    };
    state.recorder.start(250);
    state.started = Date.now();
    showSeconds(0);
    state.timer = window.setInterval(() => {
      const elapsed = (Date.now() - state.started) / 1000;
      showSeconds(Math.floor(elapsed));
      if (elapsed >= state.limit) {
        // The allowance (or 60 s) is used up: stop as if the learner had tapped Stop.
        const stop = document.getElementById("stop-button");
        if (stop) stop.click();
        else stopRecording();
      }
    }, 200);
    return "recording";
  }

  function stopRecording() {
    return new Promise((resolve) => {
      const recorder = state.recorder;
      if (!recorder) return resolve(null);
      window.clearInterval(state.timer);
      recorder.onstop = () => {
        const blob = new Blob(state.chunks, { type: recorder.mimeType || "audio/webm" });
        state.stream.getTracks().forEach((track) => track.stop());
        state.recorder = null;
        state.stream = null;
        const mine = document.getElementById("my-last-recording");
        if (mine) mine.src = URL.createObjectURL(blob);
        resolve(blob);
      };
      recorder.stop();
    });
  }

  async function stopAndUpload(conversationId) {
    const blob = await stopRecording();
    if (!blob) return { error: "audio_empty" };
    if (blob.size === 0) return { error: "audio_empty" };
    try {
      const response = await fetch(`/api/practice/${encodeURIComponent(conversationId)}/recordings`, {
        method: "POST",
        headers: { Authorization: `Bearer ${tokenOf()}`, "Content-Type": blob.type.split(";")[0] || "audio/webm" },
        body: blob,
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) return { error: body.error || "storage_unavailable" };
      return { upload_id: body.upload_id };
    } catch (error) {
      return { error: "storage_unavailable" };
    }
  }

  // The partner's voice arrives sentence by sentence: clips queue and play one after another, each
  // loading from the moment it is queued. One player for the page, so a replay or a new recording
  // stops what is playing instead of talking over it.
  const voice = { queue: [], current: null };

  function playNext() {
    if (voice.current || !voice.queue.length) return;
    const audio = voice.queue.shift();
    voice.current = audio;
    const next = () => {
      if (voice.current !== audio) return;
      voice.current = null;
      playNext();
    };
    audio.addEventListener("ended", next);
    audio.addEventListener("error", next);
    const playing = audio.play();
    if (playing && playing.catch) playing.catch(next);
  }

  function queueClip(url) {
    const audio = new Audio();
    audio.preload = "auto";
    audio.src = url;
    voice.queue.push(audio);
    playNext();
    return true;
  }

  function stopVoice() {
    voice.queue = [];
    if (voice.current) voice.current.pause();
    voice.current = null;
  }

  // A message's clips: every sentence's URL (data-clips), or the element's own source.
  function play(id) {
    const element = document.getElementById(id);
    if (!element) return false;
    const clips = (element.getAttribute("data-clips") || "").split(" ").filter(Boolean);
    stopVoice();
    (clips.length ? clips : [element.currentSrc || element.src]).forEach(queueClip);
    return true;
  }

  function playBase64(b64, mime) {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    stopVoice();
    return queueClip(URL.createObjectURL(new Blob([bytes], { type: mime })));
  }

  // Replay buttons carry data-play="<audio element id>": one listener serves them all.
  document.addEventListener("click", (event) => {
    const target = event.target.closest && event.target.closest("[data-play]");
    if (target) play(target.getAttribute("data-play"));
  });

  window.wsRecorder = { start, stopAndUpload, play, playBase64, queueClip, stopVoice };
})();
