#!/usr/bin/env python3
"""Writes the oracle's input files (the single source of truth for them):

  tests/golden/loader/cases.jsonl   hand-made config files, one JSON object per line:
                                    {"id", "intent", "file", "text"}
  tests/golden/values/inputs.jsonl  value probes, one JSON object per line: {"op", "input"}

Deterministic: random inputs come from random.Random with fixed seeds. Re-run after editing:
  python3 harness/oracle/make_inputs.py
"""
import json
import os
import random

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LOADER = os.path.join(ROOT, "tests", "golden", "loader", "cases.jsonl")
VALUES = os.path.join(ROOT, "tests", "golden", "values", "inputs.jsonl")

LEGACY = "flink-conf.yaml"
STD = "config.yaml"

LONG_VALUE = "v" * 10000
LONG_KEY = "k." * 2000 + "end"

# (id, intent, file, text). Ids are unique; the prefix says which parser reads the file.
CASES = [
    # ---------------------------------------------------------------- legacy line parser
    ("legacy-basic", "plain key: value lines, dotted keys", LEGACY,
     "taskmanager.memory.process.size: 1728m\njobmanager.memory.process.size: 1600m\ntaskmanager.numberOfTaskSlots: 1\n"),
    ("legacy-hash-in-value", "# cuts the value even without a preceding space", LEGACY,
     "a: abc#def\nb: abc #def\n"),
    ("legacy-hash-in-double-quotes", "# inside double quotes still starts a comment", LEGACY,
     "a: \"x#y\"\nb: 'p#q'\n"),
    ("legacy-hash-in-url", "# inside URLs and passwords", LEGACY,
     "a: http://host:8081/path#frag\ns3.secret-key: pa#ss#word\nc: s3://bucket/dir#1/file\n"),
    ("legacy-hash-comment-lines", "full-line and indented comments, commented-out keys", LEGACY,
     "# comment\n#a: b\n   # indented comment\n\t# tab comment\nc: d\n"),
    ("legacy-hash-in-key", "# inside the key cuts the line before the colon", LEGACY,
     "a#x: b\nc: d # trailing comment\ne: f#g # h\n"),
    ("legacy-hash-right-after-colon-space", "value that is only a comment leaves 'key:'", LEGACY,
     "a: #1728m\nb: 2\n"),
    ("legacy-no-space-after-colon", "key:value has no ': ' and is skipped", LEGACY,
     "key:value\nok: 1\nport:6123\n"),
    ("legacy-empty-value", "'key: ' and 'key:' are skipped", LEGACY,
     "key: \nkey2:\nkey3:    \nok: 1\n"),
    ("legacy-empty-key", "' : v' and ': v' are skipped", LEGACY,
     " : v\n: v2\nok: 1\n"),
    ("legacy-two-colons", "split at the first ': ' only", LEGACY,
     "a: b: c\nx: y : z\n"),
    ("legacy-colon-in-key", "colon without space stays in the key", LEGACY,
     "a:b: c\nhttp://h:80/x: y\n"),
    ("legacy-space-before-colon", "key : value and padded keys are trimmed", LEGACY,
     "key : value\nkey2    :    value2\n"),
    ("legacy-tabs-around", "tabs before key and after value are trimmed", LEGACY,
     "\tkey: value\t\n\t\tkey2\t: \tvalue2\t\t\n"),
    ("legacy-tab-after-colon", "key:<TAB>value is not ': ' and is skipped", LEGACY,
     "key:\tvalue\nkey2:\t value2\nok: 1\n"),
    ("legacy-quotes-kept", "quote characters are part of the value", LEGACY,
     "a: \"1728m\"\nb: '1g'\nc: \"it's\"\n\"d\": 1\n"),
    ("legacy-escapes-literal", "backslash escapes are not interpreted", LEGACY,
     "a: \"x\\ny\"\nb: C:\\tmp\\new\nc: \\u00e9\n"),
    ("legacy-nested-block", "YAML nesting: parents skipped, leaves become short keys", LEGACY,
     "taskmanager:\n  memory:\n    process:\n      size: 1728m\n  numberOfTaskSlots: 2\n"),
    ("legacy-inline-map", "flow mapping is a plain string value", LEGACY,
     "taskmanager: {memory.process.size: 4g}\nb: {x: 1, y: 2}\n"),
    ("legacy-list-items", "block list items and flow lists", LEGACY,
     "a:\n  - x\n  - y\n- c: d\nb: [1, 2]\n- e\n"),
    ("legacy-doc-markers", "--- and ... lines are skipped", LEGACY,
     "---\na: 1\n...\n---\nb: 2\n--- c: 3\n"),
    ("legacy-duplicates", "later duplicate wins", LEGACY,
     "a: 1\nb: 2\na: 3\nb: 4\na: 5\n"),
    ("legacy-crlf", "CRLF line ends", LEGACY,
     "a: 1\r\nb: 2\r\nc: x y\r\n"),
    ("legacy-lone-cr", "lone CR is a line end too", LEGACY,
     "a: 1\rb: 2\rc: 3"),
    ("legacy-mixed-eol", "mix of LF, CR, CRLF and blank lines", LEGACY,
     "a: 1\r\n\rb: 2\n\r\nc: 3\n\n\rd: 4"),
    ("legacy-bom", "UTF-8 BOM is not stripped: the first key carries U+FEFF", LEGACY,
     "\ufeffa: 1\nb: 2\n"),
    ("legacy-bom-before-comment", "BOM before a comment line", LEGACY,
     "\ufeff# comment\nb: 2\n"),
    ("legacy-unicode", "non-ASCII keys and values (read as UTF-8)", LEGACY,
     "\u043a\u043b\u044e\u0447: \u0437\u043d\u0430\u0447\u0435\u043d\u0438\u0435\nkey.\u00fc: \u00e4\u20ac\U0001F600\n\u6f22\u5b57: \u5024\n"),
    ("legacy-unicode-spaces", "NBSP and ideographic space are not trimmed and do not split", LEGACY,
     "a:\u00a0x\nb: \u00a0y\u00a0\nc\u3000: z\nd: w\u3000\n"),
    ("legacy-trailing-whitespace", "trailing spaces and tabs after the value", LEGACY,
     "a: 1   \nb: 2\t\t\nc: two words  \n"),
    ("legacy-control-chars", "chars <= U+0020 (NUL, VT, FF, ESC) are trimmed at the ends", LEGACY,
     "a: 1\u0000\nb: \u000b2\u000b\nc: 3\u001b\nd\u0001: 4\n"),
    ("legacy-form-feed-inside", "form feed and VT are not line breaks", LEGACY,
     "a: 1\u000cb: 2\nc: 3\u000bd: 4\n"),
    ("legacy-empty-file", "empty file", LEGACY, ""),
    ("legacy-whitespace-only", "whitespace-only file", LEGACY, "   \n\t\n\n  \t  \n"),
    ("legacy-comments-only", "comments only", LEGACY, "# a: 1\n# b: 2\n"),
    ("legacy-no-final-newline", "last line without newline", LEGACY, "a: 1\nb: 2"),
    ("legacy-long-line", "very long value and key", LEGACY,
     "a: " + LONG_VALUE + "\n" + LONG_KEY + ": 1\n"),
    ("legacy-multiple-inner-spaces", "inner whitespace of the value is kept", LEGACY,
     "a:   spaced   value  \nb: x\t\ty\n"),
    ("legacy-null-words", "~ and null are plain strings", LEGACY,
     "a: ~\nb: null\nc: Null\n"),
    ("legacy-block-scalar", "| and > block scalars are not understood", LEGACY,
     "a: |\n  line1\n  line2\nb: >\n  folded\n"),
    ("legacy-flow-list", "flow list value kept verbatim", LEGACY,
     "a: [x, y]\nb: ['p;q', r]\n"),
    ("legacy-anchor-alias", "anchors and aliases are plain text", LEGACY,
     "base: &b 1728m\ntaskmanager.memory.process.size: *b\n"),
    ("legacy-shipped-like", "typical shipped flink-conf.yaml excerpt", LEGACY,
     "#==============================================================================\n"
     "# Common\n"
     "#==============================================================================\n\n"
     "jobmanager.rpc.address: localhost\n\njobmanager.rpc.port: 6123\n\n"
     "# The total process memory size for the JobManager.\n"
     "jobmanager.memory.process.size: 1600m\n\n"
     "taskmanager.memory.process.size: 1728m\n\n"
     "# taskmanager.memory.flink.size: 1280m\n\n"
     "taskmanager.numberOfTaskSlots: 1\nparallelism.default: 1\n"
     "env.java.opts.all: --add-exports=java.base/sun.net.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED\n"),
    ("legacy-value-with-hash-and-colons", "java opts with colons and a # later", LEGACY,
     "env.java.opts: -XX:+UseG1GC -Dx=a:b # note\n"),
    ("legacy-key-dots-odd", "odd dotted keys are taken literally", LEGACY,
     "a..b: 1\n.a: 2\na.: 3\n"),
    ("legacy-int-bool-keys", "numeric and boolean looking keys are strings", LEGACY,
     "1: x\ntrue: y\n"),
    ("legacy-colon-space-at-end-of-value", "value ending in ':' plus text", LEGACY,
     "a: b:\nc: d: \n"),
    ("legacy-sensitive-values", "sensitive keys load like any other", LEGACY,
     "s3.secret-key: abc\nsecurity.ssl.keystore-password: pw\n"),
    ("legacy-dash-key", "list-item looking keys", LEGACY,
     "- a: 1\n  - b: 2\n"),
    ("legacy-question-mark-key", "explicit YAML key syntax is not understood", LEGACY,
     "? a\n: 1\n"),

    # ---------------------------------------------------------------- standard YAML
    ("yaml-flat-dotted", "top-level dotted keys", STD,
     "taskmanager.memory.process.size: 1728m\njobmanager.memory.process.size: 1600m\ntaskmanager.numberOfTaskSlots: 1\n"),
    ("yaml-nested", "nested mappings flatten with '.'", STD,
     "taskmanager:\n  memory:\n    process:\n      size: 1728m\n  numberOfTaskSlots: 2\n"),
    ("yaml-mixed-flow", "flow mapping with a dotted key inside", STD,
     "taskmanager: {memory.process.size: 4g}\n"),
    ("yaml-mixed-block", "nested block with dotted keys inside", STD,
     "taskmanager:\n  memory.process.size: 4g\n  numberOfTaskSlots: 2\n"),
    ("yaml-nested-then-dotted", "same flattened key: nested first, dotted later", STD,
     "taskmanager:\n  memory:\n    process.size: 1g\ntaskmanager.memory.process.size: 2g\n"),
    ("yaml-dotted-then-nested", "same flattened key: dotted first, nested later", STD,
     "taskmanager.memory.process.size: 2g\ntaskmanager:\n  memory:\n    process.size: 1g\n"),
    ("yaml-same-key-in-one-mapping", "b.c and b: {c} inside one mapping", STD,
     "a:\n  b.c: 1\n  b:\n    c: 2\n"),
    ("yaml-same-key-in-one-mapping-rev", "b: {c} then b.c inside one mapping", STD,
     "a:\n  b:\n    c: 2\n  b.c: 1\n"),
    ("yaml-duplicate-key", "duplicate key in one mapping is rejected", STD,
     "a: 1\nb: 2\na: 3\n"),
    ("yaml-duplicate-key-nested", "duplicate key in a nested mapping", STD,
     "a:\n  b: 1\n  b: 2\n"),
    ("yaml-duplicate-block", "two top-level blocks with the same parent key", STD,
     "taskmanager:\n  a: 1\ntaskmanager:\n  b: 2\n"),
    ("yaml-duplicate-secret", "duplicate-key error message must not show values", STD,
     "s3.secret-key: one\ns3.secret-key: two\n"),
    ("yaml-null-empty", "'key:' with nothing is null and rejected", STD, "a:\nb: 1\n"),
    ("yaml-null-tilde", "'key: ~' is rejected", STD, "a: ~\n"),
    ("yaml-null-word", "'key: null' is rejected", STD, "a: null\n"),
    ("yaml-null-word-caps", "Null / NULL", STD, "a: Null\nb: NULL\n"),
    ("yaml-null-nested", "null leaf inside a nested block", STD, "a:\n  b: 1\n  c:\n"),
    ("yaml-null-like-strings", "nULL, none, nil are strings", STD, "a: nULL\nb: none\nc: nil\n"),
    ("yaml-empty-strings", "'' and \"\" are empty strings, not null", STD, "a: ''\nb: \"\"\n"),
    ("yaml-quoted-single", "single quotes removed, '' escape", STD,
     "a: '1728m'\nb: 'it''s'\nc: ' padded '\n"),
    ("yaml-quoted-double-escapes", "double-quoted escapes", STD,
     "a: \"x\\ty\\n\\u00e9\\\\\"\nb: \"#not a comment\"\nc: \"\\x41\\U0001F600\"\n"),
    ("yaml-quoted-typed-looking", "quoted numbers/booleans stay strings", STD,
     "a: \"5\"\nb: '5'\nc: \"true\"\nd: '1.5'\n"),
    ("yaml-block-literal", "| keeps newlines (clip)", STD, "a: |\n  line1\n  line2\nb: x\n"),
    ("yaml-block-folded", "> folds lines", STD, "a: >\n  line1\n  line2\n\n  para\nb: x\n"),
    ("yaml-block-chomping", "|- strip and |+ keep", STD, "a: |-\n  x\nb: |+\n  y\n\nc: 1\n"),
    ("yaml-list-block", "block list", STD, "a:\n  - x\n  - y\n"),
    ("yaml-list-flow", "flow list with typed items", STD, "a: [x, y, 3, true, 1.5]\n"),
    ("yaml-list-empty", "empty list", STD, "a: []\nb: 1\n"),
    ("yaml-map-empty", "empty mapping", STD, "a: {}\nb: 1\n"),
    ("yaml-list-nested", "maps and lists inside a list", STD,
     "a:\n  - b: 1\n    c: 2\n  - [x, y]\n  - 'q r'\n"),
    ("yaml-list-needs-quotes", "list items that need quoting when re-serialised", STD,
     "a: ['x,y', 'p: q', '#h', '', ' s ', 'a;b', \"it's\"]\n"),
    ("yaml-list-with-null", "null inside a list", STD, "a: [x, null, ~]\n"),
    ("yaml-list-of-lists", "list of lists", STD, "a: [[1, 2], [3]]\n"),
    ("yaml-ints", "Core schema integers", STD,
     "a: 017\nb: 0x400\nc: 0o17\nd: +5\ne: 1_000\nf: -0\ng: 08\nh: 0\ni: -17\n"),
    ("yaml-int-widths", "Integer / Long / BigInteger boundaries", STD,
     "a: 2147483647\nb: 2147483648\nc: 9223372036854775807\nd: 9223372036854775808\ne: -2147483649\nf: 0xFFFFFFFFFFFFFFFFF\n"),
    ("yaml-floats", "Core schema floats", STD,
     "a: 1.5\nb: 1e3\nc: .inf\nd: -.Inf\ne: .nan\nf: .5\ng: 5.\nh: 1.0e+3\ni: 1E3\nj: +1.5\nk: 0.1\n"),
    ("yaml-floats-edge", "float-looking strings that are not Core floats", STD,
     "a: 1_000.5\nb: 1.5f\nc: inf\nd: NaN\ne: 0x1p3\nf: 1e\n"),
    ("yaml-booleans", "Core schema booleans; yes/on/off are strings", STD,
     "a: true\nb: True\nc: TRUE\nd: yes\ne: on\nf: false\ng: tRUE\nh: off\ni: no\nj: y\n"),
    ("yaml-hash", "# starts a comment only after whitespace", STD,
     "a: a#b\nb: x # comment\nc: x#y # z\nd: '#q'\ne: \"p # q\"\n"),
    ("yaml-hash-url", "URL with # fragment and password", STD,
     "a: http://host:8081/path#frag\ns3.secret-key: pa#ss\n"),
    ("yaml-comments-only", "comments only", STD, "# just a comment\n# another: 1\n"),
    ("yaml-empty-file", "empty file", STD, ""),
    ("yaml-whitespace-only", "whitespace and blank lines only", STD, "  \n\n"),
    ("yaml-anchors-aliases", "anchors and aliases", STD,
     "base: &b 1728m\ntaskmanager.memory.process.size: *b\nm: &m {x: 1}\nn: *m\n"),
    ("yaml-merge-key", "<< merge key (not in YAML 1.2 core)", STD,
     "base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  y: 3\n"),
    ("yaml-tags-core", "explicit core tags", STD,
     "a: !!str 5\nb: !!int \"7\"\nc: !!float 1\nd: !!bool true\ne: !!str true\n"),
    ("yaml-tag-custom", "unknown local tag", STD, "a: !foo bar\n"),
    ("yaml-tag-binary", "!!binary tag (not in core schema)", STD, "a: !!binary aGVsbG8=\n"),
    ("yaml-multi-doc", "two documents are rejected", STD, "a: 1\n---\nb: 2\n"),
    ("yaml-doc-start", "single document with --- and ...", STD, "---\na: 1\n...\n"),
    ("yaml-top-scalar", "top-level scalar is rejected", STD, "just a string\n"),
    ("yaml-top-list", "top-level list is rejected", STD, "- a\n- b\n"),
    ("yaml-top-int", "top-level integer", STD, "42\n"),
    ("yaml-no-space-after-colon", "key:value is a plain scalar, so top level is a scalar", STD,
     "key:value\n"),
    ("yaml-no-space-mixed", "key:value line inside a mapping", STD, "a: 1\nkey:value\n"),
    ("yaml-two-colons", "'a: b: c' is a syntax error", STD, "a: b: c\n"),
    ("yaml-colon-in-value", "colon without space inside a value", STD,
     "a: b:c\nurl: http://x:80/p\nb: C:\\tmp\n"),
    ("yaml-bom", "UTF-8 BOM at start is skipped", STD, "\ufeffa: 1\nb: x\n"),
    ("yaml-bom-inside", "a BOM after the start is an ordinary character", STD,
     "a: 1\n\ufeffb: 2\nc: 'x\ufeffy'\nd: x\ufeff\n"),
    ("yaml-crlf", "CRLF line ends", STD, "a: 1\r\nb:\r\n  c: 2\r\n"),
    ("yaml-lone-cr", "lone CR line ends", STD, "a: 1\rb: 2\r"),
    ("yaml-tab-indent", "tab in indentation is rejected", STD, "a:\n\tb: 1\n"),
    ("yaml-tab-after-colon", "tab as the separator after ':'", STD, "a:\t1\nb: x\n"),
    ("yaml-tab-in-values", "tabs inside and after values", STD, "a: x\ty\nb: 1\t\n"),
    ("yaml-tab-comment-line", "a comment line indented with a tab", STD,
     "a: b\n\t# comment\nc: d\n"),
    ("yaml-tab-blank-line", "a blank line holding only a tab", STD, "a: b\n\t\nc: d\n"),
    ("yaml-tab-after-spaces", "spaces, then a tab, then a comment", STD,
     "a: b\n  \t# comment\nc: d\n"),
    ("yaml-tab-before-comment", "a tab between a plain value and its comment", STD,
     "a: b\t# comment\nc: d \t# comment\n"),
    ("yaml-tab-after-quoted", "a tab right after a quoted value", STD, "a: 'x'\t\n"),
    ("yaml-tab-before-colon", "a tab between a key and its ':'", STD, "a\t: b\n"),
    ("yaml-tab-in-flow", "tabs around flow sequence items", STD, "a: [b\t, c]\nd: {e: f\t}\n"),
    ("yaml-tab-after-flow-comma", "a tab right after a flow ','", STD, "a: [1,\t2]\n"),
    ("yaml-tab-after-dash", "a tab right after a block sequence '-'", STD, "a:\n  - x\n  -\ty\n"),
    ("yaml-tab-plain-continuation", "a tab indenting a plain scalar's continuation", STD,
     "a: b\n  \tc\n"),
    ("yaml-tab-inside-continuation", "a tab inside a plain scalar's continuation", STD,
     "a: b\n  c\td\n"),
    ("yaml-tab-block-content", "a tab past a literal block's indentation", STD,
     "a: |\n  x\n  \ty\nb: |2\n  \tz\n"),
    ("yaml-tab-block-indentation", "a tab within a literal block's indentation", STD,
     "a: |\n    x\n  \ty\n"),
    ("yaml-tab-block-header", "a tab after a literal block's '|'", STD, "a: |\t\n  x\n"),
    ("yaml-tab-trailing-blank-line", "a tab on a blank line after the last entry", STD,
     "a:\n  b: c\n\t\n"),
    ("yaml-tab-after-anchor", "a tab between an anchor and its value", STD, "a: &x\tb\n"),
    ("yaml-unicode", "non-ASCII keys and values", STD,
     "\u043a\u043b\u044e\u0447: \u0437\u043d\u0430\u0447\u0435\u043d\u0438\u0435\nkey.\u00fc: \u00e4\u20ac\U0001F600\n"),
    ("yaml-unicode-spaces", "NBSP / ideographic space are content", STD,
     "a: 1\u00a0\nb: \u3000x\n"),
    ("yaml-control-char", "C0 control char in a value", STD, "a: x\u0007y\n"),
    ("yaml-key-int", "integer key", STD, "1: x\n"),
    ("yaml-key-bool", "boolean key", STD, "true: x\n"),
    ("yaml-key-float", "float key", STD, "1.5: x\n"),
    ("yaml-key-null", "null key", STD, "~: x\n"),
    ("yaml-key-int-nested", "integer key inside a nested mapping", STD, "a:\n  1: x\n"),
    ("yaml-key-quoted-odd", "quoted keys with spaces and ': '", STD, "'a: b': 1\n\"x y\": 2\n"),
    ("yaml-key-complex", "flow sequence as a key", STD, "[a, b]: 1\n"),
    ("yaml-leaf-and-prefix", "a.b is a leaf and a prefix", STD, "a.b: 1\na:\n  b:\n    c: 2\n"),
    ("yaml-leaf-and-prefix-rev", "prefix first, leaf later", STD, "a:\n  b:\n    c: 2\na.b: 1\n"),
    ("yaml-explicit-key", "? explicit key", STD, "? a\n: 1\n"),
    ("yaml-odd-dots", "empty key segments are kept literally", STD, "a..b: 1\n.a: 2\na.: 3\n"),
    ("yaml-quoted-dotted-parent", "quoted dotted key as parent", STD,
     "'taskmanager.memory': {process.size: 1g}\n"),
    ("yaml-indented-top", "whole document indented", STD, "  a: 1\n  b: 2\n"),
    ("yaml-bad-indent", "inconsistent indentation", STD, "a: 1\n  b: 2\n"),
    ("yaml-date-like", "dates and times are strings in the core schema", STD,
     "a: 2024-01-01\nb: 12:30:00\nc: 1:20\n"),
    ("yaml-memory-and-fraction", "typical memory keys with typed values", STD,
     "taskmanager.memory.process.size: 1728m\ntaskmanager.memory.managed.fraction: 0.4\ntaskmanager.numberOfTaskSlots: 4\ntaskmanager.memory.network.max: 1024\ntaskmanager.memory.network.min: 0x4000000\n"),
    ("yaml-consumer-weights-map", "map option written as nested mapping and flow map", STD,
     "taskmanager.memory.managed.consumer-weights: {OPERATOR: 70, STATE_BACKEND: 70}\n"
     "other.weights:\n  A: 1\n  B: x\n"),
    ("yaml-durations", "duration-looking values", STD, "a: 10 s\nb: 1min\nc: 100\n"),
    ("yaml-long-value", "very long value", STD, "a: " + LONG_VALUE + "\n"),
    ("yaml-long-key-1024", "implicit key of 1024 chars", STD, "k" * 1024 + ": 1\n"),
    ("yaml-long-key-1025", "implicit key of 1025 chars (YAML caps implicit keys at 1024)", STD,
     "k" * 1025 + ": 1\n"),
    ("yaml-long-key-quoted", "quoted key longer than 1024 chars", STD,
     "'" + LONG_KEY + "': 1\n"),
    ("yaml-long-key-explicit", "explicit '? key' longer than 1024 chars", STD,
     "? " + LONG_KEY + "\n: 1\n"),
    ("yaml-deep-nesting", "8 levels of nesting", STD,
     "a:\n b:\n  c:\n   d:\n    e:\n     f:\n      g:\n       h: deep\n"),
    ("yaml-space-before-colon", "'key : value' is valid YAML", STD, "key : value\nkey2    :    value2\n"),
    ("yaml-flow-map-multiline", "flow mapping over several lines", STD,
     "taskmanager: {\n  memory.process.size: 4g,\n  numberOfTaskSlots: 2\n}\n"),
    ("yaml-java-opts", "java opts with colons, = and quotes", STD,
     "env.java.opts.all: -XX:+UseG1GC -Dx=a:b --add-opens=java.base/java.lang=ALL-UNNAMED\n"),
    ("yaml-sensitive-values", "sensitive keys load like any other", STD,
     "s3.secret-key: abc\nsecurity.ssl.keystore-password: 123\n"),
    ("yaml-shipped-like", "typical shipped config.yaml excerpt (1.19+)", STD,
     "jobmanager:\n  bind-host: localhost\n  rpc:\n    address: localhost\n    port: 6123\n"
     "  memory:\n    process:\n      size: 1600m\n  execution:\n    failover-strategy: region\n\n"
     "taskmanager:\n  bind-host: localhost\n  host: localhost\n  numberOfTaskSlots: 1\n"
     "  memory:\n    process:\n      size: 1728m\n\nparallelism:\n  default: 1\n\n"
     "env:\n  java:\n    opts:\n      all: --add-exports=java.base/sun.net.util=ALL-UNNAMED\n"),
]


def loader_cases():
    seen = set()
    out = []
    for cid, intent, f, text in CASES:
        assert cid not in seen, cid
        seen.add(cid)
        out.append({"id": cid, "intent": intent, "file": f, "text": text})
    return out


# ------------------------------------------------------------------------------- values

def memory_parse_inputs():
    xs = []
    units = ["b", "bytes", "k", "kb", "kibibytes", "m", "mb", "mebibytes",
             "g", "gb", "gibibytes", "t", "tb", "tebibytes"]
    for u in units:
        xs.append("1" + u)
        xs.append("1" + u.upper())
        xs.append("1 " + u[0].upper() + u[1:])
    xs += ["1728m", "64 mb", "64  mb", "64\tmb", " 64m ", "\t64m\t", "\u000064m\u0000",
           "\u000b64m\u000c", "\u001f64m\u001f", "64m\n", "\n64m", "64\u00a0m", "\u00a064m",
           "64m\u00a0", "\u300064m", "64\u3000m", "64m\u3000", "0064m", "000", "0", "0b", "0 tb",
           "-1m", "+1m", "1.5g", ".5g", "1,5g", "1GiB", "1 MiB", "1kib", "1gib", "1tib", "1p",
           "1pb", "1byte", "1kbytes", "1megabytes", "1e3", "1E3m", "1_000", "1 000m", "",
           " ", "\t \n", "\"1728m\"", "'1728m'", "1728m # x", "1728m#x", "\uff11\uff12m",
           "\u0661\u0662m", "12\uff4d", "m", "mb", "abc", "0x10", "1mb2", "1 m b", "1m b",
           "1 mB", "1 Mb", "\u0130", "1\u0130", "1k\u0131b", "1KB\u200b", "\u200b1k",
           "9223372036854775807", "9223372036854775807b", "9223372036854775808",
           "99999999999999999999", "00000000000000000000009223372036854775807",
           "9007199254740993", "9007199254740993 bytes",
           "9007199254740991k", "9007199254740992k", "9007199254740991kb",
           "8796093022207m", "8796093022208m", "8589934591g", "8589934592g",
           "8388607t", "8388608t", "8388607tb", "8388608tb", "8388607 tebibytes",
           "9223372036854775807k", "18014398509481984k", "17592186044416m", "17179869184g",
           "16777216t", " 8388608t ", "8388608 T", "1k k", "k1"]
    # de-duplicate, keep order
    seen, res = set(), []
    for x in xs:
        if x not in seen:
            seen.add(x)
            res.append(x)
    return res


def memory_format_inputs():
    L = 2 ** 63 - 1
    xs = [0, 1, 2, 1023, 1024, 1025, 1536, 2047, 2048, 2 ** 20 - 1, 2 ** 20, 2 ** 20 + 1,
          1088 * 2 ** 20, 1728 * 2 ** 20, 1600 * 2 ** 20, 1811939328, 134217730,
          2 ** 30 - 1, 2 ** 30, 2 ** 30 + 1, 2 ** 40 - 1, 2 ** 40, 2 ** 40 + 1, 2 ** 50, 2 ** 50 + 1,
          2 ** 60, 2 ** 62, L - 1, L, 64 * 2 ** 20, 256 * 2 ** 20, 3 * 2 ** 40 + 2 ** 30]
    # x.0005 ties: bytes = (n + 0.0005) * unit must be an integer -> unit/2000 must divide
    # exactly, i.e. a dyadic tie like k + 1/2048 is not .0005; use exact halves of the
    # third decimal that are dyadic: 0.0625 (1/16), 0.1875, 0.3125, 0.5625, 0.9375, and
    # 1/2048 ~ 0.00048828125 (just below the tie), 0.0048828125 (5/1024).
    for unit in (2 ** 10, 2 ** 20, 2 ** 30, 2 ** 40):
        for frac_num, frac_den in ((1, 16), (3, 16), (5, 16), (9, 16), (15, 16), (1, 2048),
                                   (5, 1024), (1, 32), (3, 32), (1, 1024), (2047, 2048)):
            for whole in (1, 7):
                b = whole * unit + unit * frac_num // frac_den
                xs.append(b)
    rnd = random.Random(20240611)
    for _ in range(20):
        xs.append(rnd.randrange(0, 2 ** 31))
    for _ in range(20):
        xs.append(rnd.randrange(2 ** 31, 2 ** 45))
    for _ in range(20):
        xs.append(rnd.randrange(2 ** 45, L + 1))
    seen, res = set(), []
    for x in xs:
        if x not in seen:
            seen.add(x)
            res.append(str(x))
    res.append("-1")
    return res


def multiply_inputs():
    L = 2 ** 63 - 1
    fracs = ["0", "0.1", "0.2", "0.25", "0.3", "0.33", "0.4", "0.5", "0.7", "0.9", "0.99",
             "0.999999", "1e-1", "1e-7", "0.1f", "0.1d", "0x1p-3", "1.4e-45", "1e-45", "1e-46",
             "1.17549435E-38", "0.123456789012345678901234567890", "0.15", "0.75", "1", "1.0",
             "2", "-0.1", "-0", "NaN", "Infinity", " 0.4 ", "abc", "", "3.4028235e38",
             "0.000001", "0.9999999"]
    bytes_edge = [0, 1, 7, 1023, 1024, 1536 * 2 ** 20, 1728 * 2 ** 20, 3597035104, 1073741824,
                  2 ** 40, 2 ** 53 + 1, 2 ** 62, L // 2, L - 1, L]
    cases = []
    # every fraction against a few representative byte counts
    for f in fracs:
        for b in (1728 * 2 ** 20, 3597035104):
            cases.append({"bytes": str(b), "fraction": f, "inverse": False})
    for f in ["0.1", "0.4", "0.5", "0.9", "0.99", "0.999999", "0.25", "0", "1", "1e-7", "0.9999999"]:
        cases.append({"bytes": "1073741824", "fraction": f, "inverse": True})
    for b in bytes_edge:
        for f in ("0.4", "0.9", "1", "2"):
            cases.append({"bytes": str(b), "fraction": f, "inverse": False})
    cases.append({"bytes": str(L), "fraction": "0.99", "inverse": True})
    cases.append({"bytes": str(L // 2), "fraction": "0.5", "inverse": True})
    cases.append({"bytes": "-1", "fraction": "0.5", "inverse": False})
    rnd = random.Random(7)
    pool = ["0.1", "0.2", "0.3", "0.33", "0.4", "0.45", "0.5", "0.6", "0.7", "0.8", "0.9", "0.05",
            "0.01", "0.125", "0.999", "0.66"]
    while len(cases) < 160:
        e = rnd.choice([20, 30, 34, 40, 50, 62])
        b = rnd.randrange(0, 2 ** e)
        cases.append({"bytes": str(b), "fraction": rnd.choice(pool),
                      "inverse": rnd.random() < 0.3})
    return cases


def convert_inputs():
    C = []

    def add(t, raws, source=None):
        for r in raws:
            d = {"type": t, "raw": r}
            if source:
                d["source"] = source
            C.append(d)

    add("Integer", ["1", "-1", "+1", " 1", "1 ", "4.0", "0x10", "010", "2147483647", "2147483648",
                    "-2147483648", "-2147483649", "", "abc", "1_000", "\uff11", "1e3", "00"])
    add("Long", ["9223372036854775807", "9223372036854775808", "-9223372036854775808", "+5",
                 " 5", "5L", "1.0"])
    add("Float", ["1", ".5", "5.", "1e3", "NaN", "Infinity", "-Infinity", "inf", "0.1d", "0.1f",
                  "0x1p3", " 0.5 ", "\t0.5\n", "0.4", "1e39", "1e-50", "-0", "0,5", "", "1_0",
                  "+.5e-1", "0.1F"])
    add("Double", ["1", ".5", "0.1", "1e308", "1e309", "NaN", "Infinity", "0.1f", " 2 ", "0x1p-3",
                   "4.9e-324", "1e-400"])
    add("Boolean", ["true", "TRUE", "True", "false", "FALSE", "yes", "no", "1", "0", "on", "off",
                    " true", "true ", "t", ""])
    dur = ["1ms", "1milli", "1millis", "1millisecond", "1milliseconds", "1s", "1sec", "1secs",
           "1second", "1seconds", "1min", "1m", "1mins", "1minute", "1minutes", "1h", "1hour",
           "1hours", "1d", "1day", "1days", "1\u00b5s", "1us", "1micro", "1micros",
           "1microsecond", "1microseconds", "1ns", "1nano", "1nanos", "1nanosecond",
           "1nanoseconds", "1 s", "1  s", " 1s ", "1 S", "1MS", "1Min", "10", "0", "1.5s", "-1s",
           "+1s", "1w", "1week", "1ms ", "PT1S", "P1D", "s", "", "9223372036854775807ns",
           "9223372036854775807ms", "9223372036854775807d", "106751991167300d",
           "9223372036854775808", "9223372036854775808ms", "9223372036854775807s",
           "9223372036854775808s", "99999999999999999999999ns", "1\u03bcs", "01s", "1sec\u00a0"]
    add("Duration", dur)
    add("MemorySize", ["1728m", "1.5g", " 64 mb ", "1024", "0x400", "-1", "9223372036854775807",
                       "8388608t", "\"1g\"", ""])
    add("Map", ["a:1,b:2", "a:1, b:2", " a : 1 , b : 2 ", "'a:1':x,b:2", "\"a,b\":1,c:\"d:e\"",
                "a:1,a:2", "'a,b:1',c:2", "'''a:1'':x'", "\"a:b\":c", "a", "a:", ":1", "", "a:1,", "OPERATOR:70,STATE_BACKEND:70",
                "{a: 1, b: 2}", "a:b:c", "'a''b':1", "b:2,a:1"])
    add("List<String>", ["a;b", "'a;b';c", "a;;b", "a", "", ";", "a;", " a ; b ", "\"a;b\";'c'",
                         "[a, b]", "a,b", "'a''b';c", "[]", "[a, 'b;c']", "- a"])
    # The same raws but taken from a config.yaml line 'key: <raw>' (typed YAML scalar), 1.19+.
    add("Integer", ["1", "0x10", "4.0", "2147483648", "true", "'7'", "017", "0o17", "1_000"],
        "yaml")
    add("Long", ["9223372036854775807", "9223372036854775808", "1.5"], "yaml")
    add("Float", ["0.1", "0.4", "1", "1e3", ".inf", ".nan", "1e39", "1e-50", "'0.4'", "0x10",
                  "true"], "yaml")
    add("Double", ["0.1", "1", "1e400"], "yaml")
    add("Boolean", ["true", "True", "yes", "on", "1", "'true'"], "yaml")
    add("Duration", ["10 s", "100", "1.5", "PT1S"], "yaml")
    add("MemorySize", ["1728m", "1024", "0x400", "1.5", "1e3", "'1728m'", "017", "true",
                       "2147483648"], "yaml")
    add("Map", ["'a:1,b:2'", "{a: 1, b: 2}", "{a: '1,2', b: 'x:y'}", "[a, b]", "a:1,b:2"], "yaml")
    add("List<String>", ["[a, b]", "a;b", "['a;b', c]", "[1, true, 1.5]", "[]", "[[a, b], c]",
                         "[{x: 1}]"], "yaml")
    return C


SENSITIVE = ["password", "Password", "PASSWORD", "s3.secret-key", "s3.access-key",
             "fs.azure.account.key.x.blob.core.windows.net", "fs.azure.account.key",
             "fs.azure.account.keyprovider", "security.ssl.keystore-password",
             "security.ssl.internal.key-password", "security.ssl.truststore-password",
             "metrics.reporter.x.apikey", "metrics.reporter.dghttp.apikey", "api-key", "apikey",
             "metrics.reporter.x.api-key", "x.API-KEY", "kubernetes.token", "token",
             "taskmanager.memory.process.size", "secret", "my.SECRET.thing", "client-secret",
             "auth-params", "x.auth-params", "service-key", "gcp.service-key.json",
             "security.kerberos.login.keytab", "sasl.jaas.config", "jaas.config",
             "security.kerberos.jaas.config", "http-headers", "rest.http-headers",
             "passwd", "pwd", "credentials", "s3.secretkey", "fs.s3a.secret.key",
             "high-availability.zookeeper.client.acl", "", "PaSsWoRd.file", "x.password.y",
             "env.java.opts.all", "s3.secret-key.x"]


def values_inputs():
    out = [{"op": "meta", "input": None}]
    out += [{"op": "memory-parse", "input": x} for x in memory_parse_inputs()]
    out += [{"op": "memory-format", "input": x} for x in memory_format_inputs()]
    out += [{"op": "multiply", "input": x} for x in multiply_inputs()]
    out += [{"op": "convert", "input": x} for x in convert_inputs()]
    out += [{"op": "sensitive", "input": k} for k in SENSITIVE]
    out.append({"op": "sensitive-list", "input": None})
    return out


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=True) + "\n")


if __name__ == "__main__":
    lc = loader_cases()
    vi = values_inputs()
    write_jsonl(LOADER, lc)
    write_jsonl(VALUES, vi)
    counts = {}
    for v in vi:
        counts[v["op"]] = counts.get(v["op"], 0) + 1
    print("loader cases:", len(lc), {
        "legacy": sum(1 for c in lc if c["file"] == LEGACY),
        "standard": sum(1 for c in lc if c["file"] == STD)})
    print("value inputs:", len(vi), counts)
