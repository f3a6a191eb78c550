// Lights a candle without leaving the page. Without this script the form posts, and the site sends the visitor
// back to the page's #candle-lit; with it, the count changes in place. A module runs once however many candles a
// page holds.
document.addEventListener("submit", async (event) => {
    const form = event.target.closest("form[data-candle]");
    if (!form) {
        return;
    }
    event.preventDefault();
    const section = form.closest(".candle");
    const button = form.querySelector("button");
    const status = section.querySelector("[data-candle-status]");
    button.disabled = true;
    try {
        const response = await fetch(form.action, {
            method: "POST",
            headers: { Accept: "application/json" },
            credentials: "same-origin",
        });
        const answer = await response.json();
        if (response.ok) {
            section.querySelector("[data-candle-count]").textContent = answer.text;
            section.classList.add("candle--lit");
            status.textContent = "";
        } else {
            status.textContent = answer.error;
        }
    } catch {
        // No answer the script can read (offline, a proxy's error page): post the form the plain way.
        form.submit();
    } finally {
        button.disabled = false;
    }
});
