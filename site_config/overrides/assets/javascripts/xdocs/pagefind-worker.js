// The portal's search worker: Material for MkDocs' search protocol, answered by Pagefind.
//
// Material creates this worker (its __config "search" points here when the xdocs plugin
// chose Pagefind) and talks to it as to its own lunr worker: SETUP (0) with the tiny
// search_index.json, READY (1), QUERY (2) with the typed text, RESULT (3) with
// { items: SearchItem[][] }. Pagefind is imported on the first query, and loads only the
// index chunks and fragments the query needs: no visitor downloads the whole index.
// Everything Pagefind returns is treated as text: titles are escaped, excerpts keep
// only Pagefind's own <mark> highlights.
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const MAX_RESULTS = 20;
let pagefind = null;
let merge = [];
let latest = 0;

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, c => ({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"
  })[c]);
}

// Pagefind's excerpt is escaped text with <mark> around matches: keep those, drop any
// other tag, so nothing from a card can become markup in the result list.
function safeExcerpt(excerpt) {
  return String(excerpt || "")
    .replace(/<(?!\/?mark>)[^>]*>/g, "")
    .replace(/<mark>/g, "<mark data-md-highlight>");
}

async function load() {
  if (pagefind === null) {
    const url = new URL("../../../pagefind/pagefind.js", self.location.href);
    pagefind = await import(url.href);
    await pagefind.options({ excerptLength: 30 });
    for (const other of merge) {
      try {
        // relative to this site's root, like every other URL of the portal
        await pagefind.mergeIndex(new URL(other, new URL("../../../", self.location.href)).href);
      } catch (err) {
        console.warn("xdocs search: cannot merge index " + other);
      }
    }
  }
  return pagefind;
}

// A Pagefind URL ("/models/x/1-0/") as Material wants it: relative to the site root.
function toLocation(url) {
  const site = new URL("../../../", self.location.href);
  const full = new URL(url, site);
  if (full.origin === site.origin && full.pathname.startsWith(site.pathname)) {
    return full.pathname.slice(site.pathname.length) + full.hash;
  }
  return url.replace(/^\//, "");
}

async function search(query, id) {
  const pf = await load();
  const terms = query.trim().split(/\s+/).filter(Boolean);
  if (!terms.length) return [];
  const found = await pf.debouncedSearch(query, {}, 150);
  if (found === null || id !== latest) return null; // a newer query replaced this one
  const items = [];
  for (const result of found.results.slice(0, MAX_RESULTS)) {
    const data = await result.data();
    const score = typeof result.score === "number" ? result.score : 1;
    const marks = {};
    for (const t of terms) marks[t.toLowerCase()] = true;
    const group = [{
      location: toLocation(data.url),
      title: escapeHtml((data.meta && data.meta.title) || data.url),
      text: safeExcerpt(data.excerpt),
      score,
      terms: marks,
    }];
    for (const sub of (data.sub_results || []).slice(1, 4)) {
      if (!sub.url || !sub.url.includes("#")) continue;
      group.push({
        location: toLocation(sub.url),
        title: escapeHtml(sub.title || ""),
        text: safeExcerpt(sub.excerpt),
        score: score * 0.9,
        terms: marks,
      });
    }
    items.push(group);
  }
  return items;
}

self.addEventListener("message", async ev => {
  const message = ev.data || {};
  if (message.type === SETUP) {
    const config = (message.data && message.data.config) || {};
    merge = Array.isArray(config.xdocs_merge) ? config.xdocs_merge.map(String) : [];
    self.postMessage({ type: READY });
  } else if (message.type === QUERY) {
    const id = ++latest;
    try {
      const items = await search(String(message.data || ""), id);
      if (items !== null && id === latest) self.postMessage({ type: RESULT, data: { items } });
    } catch (err) {
      console.warn("xdocs search: " + (err && err.message ? err.message : err));
      self.postMessage({ type: RESULT, data: { items: [] } });
    }
  }
});
