/* Reading mode for a roll of names: one name at a time, at the pace the editor set, for a public reading.
   Without this script the roll is a plain, printable list. No inline script or style: the page's
   Content-Security-Policy allows scripts from this site only, and the view is switched by classes. */
(function () {
    "use strict";
    var lang = document.documentElement.lang;
    var words = {
        ar: { start: "وضع القراءة", pause: "إيقاف مؤقت", resume: "متابعة", stop: "إنهاء القراءة", of: "من" },
        en: { start: "Reading mode", pause: "Pause", resume: "Resume", stop: "End reading", of: "of" }
    }[lang === "ar" ? "ar" : "en"];

    function button(text, className) {
        var element = document.createElement("button");
        element.type = "button";
        element.className = className;
        element.textContent = text;
        return element;
    }

    function enhance(roll) {
        if (roll.dataset.reading) { return; }
        roll.dataset.reading = "ready";
        var names = Array.prototype.slice.call(roll.querySelectorAll(".roll__name"));
        if (!names.length) { return; }
        var seconds = Math.max(2, parseInt(roll.dataset.seconds, 10) || 4);
        var start = button(words.start, "button roll__start");
        var stage = document.createElement("div");
        stage.className = "roll__stage";
        stage.hidden = true;
        var current = document.createElement("p");
        current.className = "roll__current";
        current.setAttribute("aria-live", "polite");
        var counter = document.createElement("p");
        counter.className = "roll__counter";
        var pause = button(words.pause, "button roll__pause");
        var stop = button(words.stop, "button roll__stop");
        var controls = document.createElement("p");
        controls.className = "roll__controls";
        controls.appendChild(pause);
        controls.appendChild(stop);
        stage.appendChild(current);
        stage.appendChild(counter);
        stage.appendChild(controls);
        roll.querySelector(".roll__names").before(start, stage);

        var index = 0;
        var timer = null;

        function show() {
            current.replaceChildren();
            names[index].querySelectorAll(".roll__part").forEach(function (part) {
                current.appendChild(part.cloneNode(true));
            });
            counter.textContent = (index + 1) + " " + words.of + " " + names.length;
        }
        function tick() {
            if (index + 1 >= names.length) { halt(); return; }
            index += 1;
            show();
        }
        function run() { timer = window.setInterval(tick, seconds * 1000); pause.textContent = words.pause; }
        function halt() { window.clearInterval(timer); timer = null; pause.textContent = words.resume; }
        function end() {
            halt();
            roll.classList.remove("roll--reading");
            stage.hidden = true;
            start.hidden = false;
            start.focus();
        }

        start.addEventListener("click", function () {
            index = 0;
            roll.classList.add("roll--reading");
            stage.hidden = false;
            start.hidden = true;
            show();
            run();
            stage.scrollIntoView({ block: "center" });
            pause.focus();
        });
        pause.addEventListener("click", function () { if (timer) { halt(); } else { run(); } });
        stop.addEventListener("click", end);
        document.addEventListener("keydown", function (event) {
            if (event.key === "Escape" && roll.classList.contains("roll--reading")) { end(); }
        });
    }

    document.querySelectorAll(".roll").forEach(enhance);
})();
