/* The readers' pages, enhanced. Every feature here also works without this file (plain links and form
   posts); with it, the page does not reload:
   - relative times ("47m ago") kept current, exact local time in the tooltip;
   - the abstract, while "in progress", polled from the API until it is ready;
   - "View More" and "View N more replies" append the next page (an HTML fragment from the server);
   - Reply, Edit and Delete open inline forms; comments, replies, edits and deletions post in place;
   - Like, Reward, Repost and Share post in place and update their counts; Share copies the link.
   Requests carry "X-Requested-With: fetch" so the server answers with JSON or a fragment rather than a
   redirect, and the CSRF token from the page. No inline script or style anywhere (the CSP forbids them). */
(function () {
  "use strict";

  var ABSTRACT_POLL_MS = 2000;
  var ABSTRACT_POLL_SLOW_MS = 5000;
  var ABSTRACT_POLL_MAX = 120; // about seven minutes, then the reader can reload
  var TOAST_MS = 5000;

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // ---------------------------------------------------------------------------------------------
  // Announcements: a polite live region shown as a toast.
  // ---------------------------------------------------------------------------------------------
  var toastTimer = null;
  function announce(text, isError) {
    var live = document.getElementById("live");
    if (!live) return;
    live.textContent = text;
    live.classList.toggle("error", !!isError);
    live.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { live.hidden = true; }, TOAST_MS);
  }

  // ---------------------------------------------------------------------------------------------
  // Requests
  // ---------------------------------------------------------------------------------------------
  function request(url, options) {
    options = options || {};
    var headers = { "X-Requested-With": "fetch", "X-CSRFToken": csrfToken() };
    return fetch(url, {
      method: options.method || "GET",
      body: options.body,
      headers: headers,
      credentials: "same-origin",
    }).then(function (response) {
      if (response.redirected && /\/accounts\/login\//.test(response.url)) {
        window.location.assign(response.url); // the session ended: log in again
        throw new Error("login required");
      }
      if (response.status === 401) {
        return response.json().then(function (data) {
          window.location.assign(data.login_url || "/accounts/login/");
          throw new Error("login required");
        });
      }
      return response;
    });
  }

  function errorMessage(response) {
    return response.json().then(function (data) {
      var parts = [data.detail || "Something went wrong."];
      if (data.errors) {
        Object.keys(data.errors).forEach(function (field) {
          [].concat(data.errors[field]).forEach(function (message) {
            if (typeof message === "string" && parts.indexOf(message) < 0) parts.push(message);
            else if (message && message.message) parts.push(message.message);
          });
        });
      }
      return parts.join(" ");
    }, function () {
      return response.status === 429 ? "Please wait a moment and try again." : "Something went wrong. Please try again.";
    });
  }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    return template.content;
  }

  function setBusy(form, busy) {
    Array.prototype.forEach.call(form.querySelectorAll("button"), function (button) {
      button.disabled = busy;
    });
  }

  function showError(form, text) {
    var box = form && form.querySelector("[data-error]");
    if (box) {
      box.textContent = text;
      box.hidden = false;
    } else {
      announce(text, true);
    }
  }

  function clearError(form) {
    var box = form && form.querySelector("[data-error]");
    if (box) {
      box.textContent = "";
      box.hidden = true;
    }
  }

  function setCounts(name, value) {
    Array.prototype.forEach.call(document.querySelectorAll('[data-count="' + name + '"]'), function (el) {
      el.textContent = String(value);
    });
  }

  function setBalance(value) {
    if (value === undefined || value === null) return;
    Array.prototype.forEach.call(document.querySelectorAll("[data-balance]"), function (el) {
      el.textContent = String(value);
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Relative times
  // ---------------------------------------------------------------------------------------------
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function relative(date) {
    var seconds = (Date.now() - date.getTime()) / 1000;
    if (seconds < 60) return "just now";
    if (seconds < 3600) return Math.floor(seconds / 60) + "m ago";
    if (seconds < 86400) return Math.floor(seconds / 3600) + "h ago";
    if (seconds < 7 * 86400) return Math.floor(seconds / 86400) + "d ago";
    return date.getDate() + " " + MONTHS[date.getMonth()] + " " + date.getFullYear();
  }

  function refreshTimes(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("time[data-rel]"), function (el) {
      var date = new Date(el.getAttribute("datetime"));
      if (isNaN(date.getTime())) return;
      el.textContent = relative(date);
      if (!el.hasAttribute("data-local")) {
        el.title = date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
        el.setAttribute("data-local", "");
      }
    });
  }

  // ---------------------------------------------------------------------------------------------
  // The abstract: poll the API while it is being written.
  // ---------------------------------------------------------------------------------------------
  function pollAbstract(section) {
    var url = section.getAttribute("data-poll");
    var text = section.querySelector(".abstract-text");
    var tries = 0;
    function finish(status, abstract) {
      section.setAttribute("data-abstract", status);
      section.removeAttribute("aria-busy");
      if (status === "ready") {
        text.textContent = abstract;
      } else {
        text.textContent = "No abstract is available for this article.";
        text.classList.add("muted");
      }
    }
    function tick() {
      tries += 1;
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          var abstract = data && data.abstract;
          if (abstract && (abstract.status === "ready" || abstract.status === "failed")) {
            finish(abstract.status, abstract.text);
          } else {
            schedule();
          }
        }, schedule);
    }
    function schedule() {
      if (tries >= ABSTRACT_POLL_MAX) return;
      setTimeout(tick, tries < 30 ? ABSTRACT_POLL_MS : ABSTRACT_POLL_SLOW_MS);
    }
    schedule();
  }

  // ---------------------------------------------------------------------------------------------
  // Comments: "View More", inline reply/edit/delete forms
  // ---------------------------------------------------------------------------------------------
  function repliesList(li) {
    var list = li.querySelector(":scope > ol.replies");
    if (!list) {
      list = document.createElement("ol");
      list.className = li.hasAttribute("data-flat") ? "replies flat" : "replies";
      list.id = "r" + li.id.slice(1);
      var card = li.querySelector(":scope > [data-card]");
      var after = li.querySelector(":scope > form.inline-form") || card;
      after.after(list);
    }
    return list;
  }

  function loadMore(link) {
    if (link.getAttribute("aria-busy") === "true") return;
    var label = link.textContent;
    link.setAttribute("aria-busy", "true");
    link.textContent = "Loading…";
    request(link.getAttribute("data-more")).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.text();
    }).then(function (html) {
      var content = fragment(html);
      var targetId = link.getAttribute("data-target");
      var target = document.getElementById(targetId);
      if (!target && targetId.charAt(0) === "r") {
        var owner = document.getElementById("c" + targetId.slice(1));
        if (owner) target = repliesList(owner);
      }
      var list = content.querySelector("ol");
      var added = [];
      Array.prototype.slice.call(list ? list.children : []).forEach(function (item) {
        if (item.id && document.getElementById(item.id)) return; // already here (e.g. just posted)
        target.appendChild(item);
        added.push(item);
      });
      var wrap = link.closest("[data-more-wrap]");
      var next = content.querySelector("[data-more-wrap]");
      if (next) wrap.replaceWith(next);
      else wrap.remove();
      refreshTimes(target);
      if (added.length) {
        var first = added[0].querySelector("[data-card]");
        first.setAttribute("tabindex", "-1");
        first.focus({ preventScroll: false });
      }
      announce(added.length === 1 ? "1 more comment shown." : added.length + " more comments shown.");
    }).catch(function (error) {
      if (error && error.message === "login required") return;
      link.removeAttribute("aria-busy");
      link.textContent = label;
      announce("Could not load more comments. Please try again.", true);
    });
  }

  function cloneTemplate(id) {
    var template = document.getElementById(id);
    if (!template) return null;
    return template.content.firstElementChild.cloneNode(true);
  }

  function closeInlineForms(li) {
    Array.prototype.forEach.call(li.querySelectorAll(":scope > form.inline-form"), function (form) {
      form.remove();
    });
    var card = li.querySelector(":scope > [data-card]");
    if (card) card.hidden = false;
  }

  function openInline(link, templateId, setup) {
    var li = link.closest("li.c");
    var form = li && cloneTemplate(templateId);
    if (!form) return false;
    closeInlineForms(li);
    form.action = link.getAttribute("href");
    var card = li.querySelector(":scope > [data-card]");
    card.after(form);
    setup(form, card, li);
    return true;
  }

  function openReply(link) {
    return openInline(link, "tpl-reply", function (form, card, li) {
      var level = document.createElement("input");
      level.type = "hidden";
      level.name = "level";
      level.value = String(Number(li.getAttribute("data-level") || 0) + 1);
      form.appendChild(level);
      form.querySelector("textarea").focus();
    });
  }

  function openEdit(link) {
    return openInline(link, "tpl-edit", function (form, card) {
      var text = card.querySelector("[data-text]");
      var area = form.querySelector("textarea");
      area.value = text ? text.innerText.trim() : "";
      card.hidden = true;
      area.focus();
    });
  }

  function openDelete(link) {
    return openInline(link, "tpl-delete", function (form) {
      form.querySelector('button[type="submit"]').focus();
    });
  }

  function cancelInline(button) {
    var form = button.closest("form.inline-form");
    var li = form.closest("li.c");
    closeInlineForms(li);
    var focusTarget = li.querySelector(":scope > [data-card] .bar a, :scope > [data-card] .bar button");
    if (focusTarget) focusTarget.focus();
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("a[data-more], a[data-reply], a[data-edit], a[data-delete], [data-cancel]");
    if (!target || event.button > 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    var handled = true;
    if (target.hasAttribute("data-more")) loadMore(target);
    else if (target.hasAttribute("data-reply")) handled = openReply(target);
    else if (target.hasAttribute("data-edit")) handled = openEdit(target);
    else if (target.hasAttribute("data-delete")) handled = openDelete(target);
    else cancelInline(target);
    if (handled) event.preventDefault();
  });

  // ---------------------------------------------------------------------------------------------
  // Form posts in place
  // ---------------------------------------------------------------------------------------------
  function insertComment(list, html, atTop) {
    var content = fragment(html);
    var item = content.querySelector("li.c");
    if (atTop) {
      var pinned = list.firstElementChild && list.firstElementChild.classList.contains("pinned");
      list.insertBefore(item, pinned ? list.firstElementChild.nextSibling : list.firstElementChild);
    } else {
      list.appendChild(item);
    }
    item.classList.add("arrived");
    refreshTimes(item);
    return item;
  }

  function postedMessage(item) {
    return item.querySelector(".badge.review")
      ? "Your comment is posted and under review: only you can see it until it is approved."
      : "Your comment is posted.";
  }

  var handlers = {
    comment: function (form, response) {
      return response.text().then(function (html) {
        var list = document.getElementById(form.getAttribute("data-target") || "comment-list");
        var item = insertComment(list, html, true);
        var empty = document.querySelector("[data-empty]");
        if (empty) empty.remove();
        form.reset();
        announce(postedMessage(item));
      });
    },
    reply: function (form, response) {
      return response.text().then(function (html) {
        var li = form.closest("li.c");
        var item = insertComment(repliesList(li), html, false);
        form.remove();
        announce(postedMessage(item));
      });
    },
    edit: function (form, response) {
      return response.text().then(function (html) {
        var li = form.closest("li.c");
        var card = li.querySelector(":scope > [data-card]");
        var fresh = fragment(html).querySelector("[data-card]");
        card.replaceWith(fresh);
        form.remove();
        refreshTimes(fresh);
        announce("Your comment is updated.");
      });
    },
    delete: function (form, response) {
      var li = form.closest("li.c");
      if (response.status === 204) {
        li.remove();
        announce("Your comment is deleted.");
        return Promise.resolve();
      }
      return response.text().then(function (html) {
        li.querySelector(":scope > [data-card]").replaceWith(fragment(html).querySelector("[data-card]"));
        form.remove();
        announce("Your comment is deleted.");
      });
    },
    "article-reward": function (form, response) {
      return response.json().then(function (data) {
        setCounts("reward", data.reward_count);
        setBalance(data.balance);
        var details = form.closest("details");
        if (details) details.open = false;
        announce("You gave " + data.points + " points to the author. Your balance: " + data.balance + ".");
      });
    },
    repost: function (form, response) {
      return response.json().then(function (data) {
        setCounts("repost", data.repost_count);
        var label = document.querySelector("[data-repost-label]");
        if (label) label.textContent = data.reposted ? "Reposted" : "Repost";
        var details = form.closest("details");
        if (details) details.open = false;
        form.reset();
        announce(!data.reposted ? "Your repost is undone." : data.quote_under_review
          ? "Reposted. Your quote is under review: others see it once approved."
          : "Reposted to your profile.");
      });
    },
    share: function (form, response) {
      return response.json().then(function (data) {
        setCounts("share", data.share_count);
        var result = document.querySelector("[data-share-result]");
        var input = document.querySelector("[data-share-link]");
        input.value = data.url;
        result.hidden = false;
        return copy(data.url, input).then(function (copied) {
          result.setAttribute("data-copied", copied ? "true" : "false");
          result.querySelector("label").textContent = copied ? "Link copied:" : "Copy this link:";
          announce(copied ? "Link copied to the clipboard." : "Copy the link shown below the buttons.");
        });
      });
    },
  };

  function copy(text, input) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, function () {
        return fallbackCopy(input);
      });
    }
    return Promise.resolve(fallbackCopy(input));
  }

  function fallbackCopy(input) {
    input.focus();
    input.select();
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  // Like and Reward buttons under comments belong to the page's one hidden form ("act") through their
  // `form` attribute, so a page of comments carries one CSRF token, not one per button.
  function actOn(button, response) {
    return response.json().then(function (data) {
      var count = button.querySelector(".n");
      if (button.classList.contains("like")) {
        button.setAttribute("aria-pressed", data.liked ? "true" : "false");
        button.value = data.liked ? "unlike" : "like";
        count.textContent = String(data.like_count);
      } else {
        count.textContent = String(data.reward_count);
        button.classList.add("done");
        setBalance(data.balance);
        announce("You gave " + data.points + " points to the author. Your balance: " + data.balance + ".");
      }
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var kind = form.id === "act" ? "act" : form.getAttribute("data-fetch");
    if (!kind || (kind === "act" && !submitter)) return;
    // Mute reloads the page (the reader's comments collapse everywhere): a plain form post.
    if (kind === "act" && submitter.hasAttribute("data-plain")) return;
    event.preventDefault();
    var busyTarget = kind === "act" ? submitter : form;
    if (busyTarget.getAttribute("aria-busy") === "true") return;
    busyTarget.setAttribute("aria-busy", "true");
    if (kind === "act") submitter.disabled = true;
    else setBusy(form, true);
    clearError(form);
    var body = new FormData(form, submitter || undefined);
    var url = kind === "act" ? submitter.formAction : form.action;
    request(url, { method: "POST", body: body }).then(function (response) {
      if (!response.ok) {
        return errorMessage(response).then(function (text) {
          showError(kind === "act" ? null : form, text);
        });
      }
      return kind === "act" ? actOn(submitter, response) : handlers[kind](form, response);
    }).catch(function (error) {
      if (error && error.message === "login required") return;
      showError(kind === "act" ? null : form, "Could not reach the server. Please try again.");
    }).then(function () {
      busyTarget.removeAttribute("aria-busy");
      if (kind === "act") submitter.disabled = false;
      else if (form.isConnected) setBusy(form, false);
    });
  });

  // ---------------------------------------------------------------------------------------------
  // The action bar's pop-overs (<details>): one open at a time, closed by Escape or a click elsewhere.
  // ---------------------------------------------------------------------------------------------
  function closePopovers(except) {
    Array.prototype.forEach.call(document.querySelectorAll("details.action[open]"), function (details) {
      if (details !== except) details.open = false;
    });
  }

  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (!(details instanceof HTMLDetailsElement) || !details.matches("details.action") || !details.open) return;
    closePopovers(details);
    var field = details.querySelector("input:not([type=hidden]), textarea");
    if (field) field.focus();
  }, true); // "toggle" does not bubble

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("details.action[open]");
    if (open) {
      open.open = false;
      open.querySelector("summary").focus();
    }
  });

  document.addEventListener("click", function (event) {
    if (!event.target.closest("details.action")) closePopovers(null);
  });

  // ---------------------------------------------------------------------------------------------
  // Translations: "View Original" shows every translated text of the page as written, in place, and
  // "View Translation" turns back. The choice sticks for the page: kept per path in sessionStorage,
  // applied again on reload and to comments appended later ("View More", replies, posts).
  // ---------------------------------------------------------------------------------------------
  var ORIGINAL_KEY = "board:original:" + location.pathname;

  function originalChosen() {
    try { return sessionStorage.getItem(ORIGINAL_KEY) === "1"; } catch (e) { return false; }
  }

  function showOriginals(root, original) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-translated]"), function (el) { el.hidden = original; });
    Array.prototype.forEach.call(root.querySelectorAll("[data-original]"), function (el) { el.hidden = !original; });
    Array.prototype.forEach.call(root.querySelectorAll("[data-view-original]"), function (link) {
      link.textContent = original ? "View Translation" : "View Original";
      link.setAttribute("aria-pressed", original ? "true" : "false");
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-view-original]");
    if (!link) return;
    event.preventDefault();
    var original = !originalChosen();
    try { sessionStorage.setItem(ORIGINAL_KEY, original ? "1" : "0"); } catch (e) { /* private mode: this view only */ }
    showOriginals(document, original);
  });

  function watchTranslations() {
    if (originalChosen()) showOriginals(document, true);
    new MutationObserver(function (mutations) {
      if (!originalChosen()) return;
      mutations.forEach(function (mutation) {
        Array.prototype.forEach.call(mutation.addedNodes, function (node) {
          if (node.nodeType === 1) showOriginals(node, true);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  // ---------------------------------------------------------------------------------------------
  // Start
  // ---------------------------------------------------------------------------------------------
  function start() {
    document.documentElement.classList.add("js");
    refreshTimes(document);
    setInterval(function () { refreshTimes(document); }, 60000);
    Array.prototype.forEach.call(document.querySelectorAll("[data-abstract][data-poll]"), pollAbstract);
    watchTranslations();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
