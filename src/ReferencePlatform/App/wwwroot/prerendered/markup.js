// Hooks chat.js calls in the pre-rendered markup: progress and answer elements exist from the start, hidden, and are
// revealed (each by undoing its own hiding technique) when the agent's events arrive.
window.PLATFORM_MARKUP = (function () {
  'use strict';

  function hiddenSlot(log) {
    var slot = document.createElement('section');
    slot.className = 'pr-reply';
    slot.dataset.testid = 'response-card';
    slot.dataset.slot = '';
    slot.setAttribute('aria-label', 'Agent response');
    slot.hidden = true;
    slot.textContent = 'The answer will appear here.';
    log.appendChild(slot);
    return slot;
  }

  return {
    // The thinking indicator and tool status: shown by removing the class that hides them.
    showActivity: function (node, shown) {
      var hideClass = node.getAttribute('data-hide-class');
      if (hideClass) node.classList.toggle(hideClass, !shown);
    },
    // The hidden answer card to fill (a new one if none is left).
    takeResponseCard: function (log) {
      return log.querySelector('[data-testid="response-card"][data-slot]') || hiddenSlot(log);
    },
    // Reveals the filled card and puts a new hidden one after it, ready for the next answer.
    revealResponseCard: function (card, log) {
      card.removeAttribute('data-slot');
      card.className = 'pr-reply pr-revealed';
      card.hidden = false;
      hiddenSlot(log);
    }
  };
})();
