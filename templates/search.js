/* versus: search and the comparison picker. Plain script, no library; the
 * pages work without it (the search page lists every code, the picker's
 * form opens the list of every comparison). */
(function () {
	"use strict";

	/* Letters as a reader types them: lower case in the page's language
	 * (Turkish İ and I), no accents (é, ệ, ü), Turkish ı as i, ß as ss;
	 * compatibility forms as their plain letters (NFKD: full-width ５０３
	 * as 503); Arabic without its vowel signs, shadda, hamza marks and
	 * tatweel (أ إ آ as ا, ى as ي, ة as ه); Devanagari without the nukta
	 * (ख़ as ख); typographic apostrophes as '. */
	function fold(s, lang) {
		s = String(s).toLocaleLowerCase(lang || undefined);
		s = s.normalize("NFKD").replace(/[\u0300-\u036f\u0640\u064b-\u065f\u0670\u093c]/g, "");
		return s.replace(/\u0131/g, "i").replace(/\u0111/g, "d").replace(/\u00df/g, "ss")
			.replace(/\u0649/g, "\u064a").replace(/\u0629/g, "\u0647")
			.replace(/[\u2018\u2019\u02bc]/g, "'").replace(/[`*_]/g, "");
	}

	/* ---- the comparison picker ------------------------------------------ */
	function num(v) { return parseInt(v, 10); }
	document.addEventListener("submit", function (e) {
		var f = e.target;
		if (!f.classList || !f.classList.contains("picker")) return;
		var a = f.getAttribute("data-self") || (f.elements.a && f.elements.a.value);
		var b = f.elements.b && f.elements.b.value;
		if (!a || !b) return;
		e.preventDefault();
		var base = f.getAttribute("data-compare");
		if (a === b) {
			location.href = f.getAttribute("data-codes") + a + ".html";
			return;
		}
		if (num(a) > num(b)) { var t = a; a = b; b = t; }
		location.href = base + a + "-vs-" + b + ".html";
	});

	/* ---- search ---------------------------------------------------------- */
	var box = document.getElementById("results");
	if (!box) return;
	var lang = box.getAttribute("data-lang");
	var rows = null;

	window.versusSearch = function (data) {
		rows = [];
		for (var i = 0; i < data.length; i++) {
			var r = data[i];
			if (!r) continue;
			/* The protocol's name is a word of every code (smtp 550); the
			 * name is also matched without its spaces (찾을수없음). */
			rows.push({ proto: r[0], id: r[1], code: r[2], slug: r[3], name: r[4],
				en: r[5] !== "", klass: r[6], text: fold(r[0] + " " + r[4] + " " + r[6] + " " + r[7], lang),
				fname: fold(r[4], lang).replace(/\s+/g, ""),
				exact: (r[0] + " " + r[4] + " " + r[6] + " " + r[7]).toLocaleLowerCase(lang || undefined) });
		}
		run();
	};

	function query() {
		var m = /[?&]q=([^&#]*)/.exec(location.search);
		return m ? decodeURIComponent(m[1].replace(/\+/g, " ")) : "";
	}

	function link(href, text, en) {
		var li = document.createElement("li");
		var a = document.createElement("a");
		a.href = href;
		a.textContent = text;
		if (en) { a.lang = "en"; a.dir = "ltr"; }
		li.appendChild(a);
		return li;
	}

	function run() {
		if (!rows) return;
		var q = query();
		var input = document.getElementById("q");
		if (input && !input.value) input.value = q;
		var all = document.getElementById("all");
		if (!q.trim()) {
			document.documentElement.classList.remove("searching");
			box.hidden = true; if (all) all.hidden = false; return;
		}
		/* Words: a number against letters of another script (550と553の違い)
		 * stands apart; a word without a letter or digit (".", "-") is none. */
		function split(s) {
			return s.replace(/(\d)(?=[^\x00-\x7f])/g, "$1 ").replace(/([^\x00-\x7f])(?=\d)/g, "$1 ")
				.split(/[\s,;:/]+|\bvs\.?\b|\u00b7/).filter(function (w) { return /[\p{L}\p{N}]/u.test(w); });
		}
		var words = split(fold(q, lang));
		/* As typed, accents and all: a reader who types them means them
		 * (Vietnamese thư is not thử), so such a match ranks first. */
		var typed = split(q.toLocaleLowerCase(lang || undefined));
		var numbers = words.filter(function (w) { return /^\d+$/.test(w); });
		/* Each term with its variants: German ä ö ü typed as ae oe ue. */
		var terms = words.filter(function (w) { return !/^\d+$/.test(w); }).map(function (w) {
			var v = [w];
			if (/^de\b/i.test(lang) && /[aou]e/.test(w)) v.push(w.replace(/([aou])e/g, "$1"));
			return v;
		});
		function has(s, v) {
			for (var k = 0; k < v.length; k++) if (s.indexOf(v[k]) >= 0) return true;
			return false;
		}
		var list = document.createElement("ol");
		var seen = 0;
		/* Two codes of one protocol: their comparison first. */
		if (numbers.length >= 2) {
			var byProto = {};
			rows.forEach(function (r) {
				if (numbers.indexOf(r.code) >= 0) (byProto[r.id] = byProto[r.id] || []).push(r);
			});
			Object.keys(byProto).forEach(function (id) {
				var p = byProto[id];
				if (p.length < 2) return;
				p.sort(function (x, y) { return num(x.code) - num(y.code); });
				var a = p[0], b = p[1];
				var text = box.getAttribute("data-pair").replace("\u27e6a\u27e7", a.code)
					.replace("\u27e6b\u27e7", b.code).replace("\u27e6name\u27e7", b.name);
				list.appendChild(link("compare/" + id + "/" + a.code + "-" + a.slug + "-vs-" +
					b.code + "-" + b.slug + ".html", a.proto + " " + text, b.en));
				seen++;
			});
		}
		var scored = [];
		rows.forEach(function (r) {
			var score = 0;
			if (numbers.length && numbers.indexOf(r.code) >= 0) score += 100;
			else if (numbers.length && !terms.length) return;
			for (var i = 0; i < terms.length; i++) {
				if (has(r.fname, terms[i])) score += 10;
				else if (has(r.text, terms[i])) score += 1;
				else return;
			}
			for (var k = 0; k < typed.length; k++)
				if (!/^\d+$/.test(typed[k]) && r.exact.indexOf(typed[k]) >= 0) score += 5;
			if (score) scored.push([score, r]);
		});
		scored.sort(function (x, y) { return y[0] - x[0] || (x[1].id < y[1].id ? -1 : x[1].id > y[1].id ? 1 : 0) || num(x[1].code) - num(y[1].code); });
		scored.slice(0, 50).forEach(function (s) {
			var r = s[1];
			/* The page's own words around the name ("SMTP 550 Mailbox …"
			 * in the order and punctuation of the page's language). */
			var text = r.en ? r.proto + " " + r.code + " " + r.name /* English, wholly */
				: box.getAttribute("data-code").replace("\u27e6proto\u27e7", r.proto)
					.replace("\u27e6a\u27e7", r.code).replace("\u27e6name\u27e7", r.name);
			list.appendChild(link(r.id + "/" + r.code + "-" + r.slug + ".html", text, r.en));
			seen++;
		});
		box.textContent = "";
		var h = document.createElement("h2");
		h.textContent = box.getAttribute("data-heading");
		box.appendChild(h);
		if (seen) box.appendChild(list);
		else {
			var p = document.createElement("p");
			p.textContent = box.getAttribute("data-none");
			box.appendChild(p);
		}
		box.hidden = false;
		if (all) all.hidden = true;
	}
})();
