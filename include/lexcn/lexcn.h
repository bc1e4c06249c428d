/*
 * lexcn/lexcn.h: the whole public API of liblexcn, one header per module:
 *
 *   common.h     export marker, version, error codes (lx_code, lx_error)
 *   grammar.h    grammar sets (rules as data, grammar/)
 *   doc.h        a document: tree of nodes, metadata, diagnostics
 *   parse.h      bytes -> document (decode, clean-up, structure, metadata)
 *   cite.h       references and the nodes they name; sets of documents
 *   graph.h      the citation graph of a set
 *   render.h     JSON, JSONL and text renderers of documents
 *   tokenizer.h  Chinese word tokens and normal forms
 *   diff.h       what changed between two versions of a statute
 *   compare.h    the same provision across documents; figures
 *   versions.h   works, versions in force on a date, renumbering maps
 *
 * Conventions: the objects (lx_doc, lx_node, lx_cite, lx_figure, lx_diff,
 * lx_compare ...) are opaque and read through getters, cmark style
 * (lx_node_get_text(n), lx_node_first_child(n), lx_node_next(n)); a few
 * small plain structs are records (lx_diag, lx_event, lx_target,
 * lx_definition, lx_token ...), whose fields are only ever appended, at a
 * major version.  Kinds, relations and ops are enums, each with a _name()
 * function giving the string of the JSON output.  Offsets into text are
 * bytes of its UTF-8 everywhere (common.h).  Each function says who owns
 * what it hands out and which lx_code values it returns.
 *
 * These are liblexcn (pkg-config lexcn).  The search index, built on
 * Xapian, is a library of its own, liblexcn-index (pkg-config
 * lexcn-index): include <lexcn/index.h> for it.
 */
#ifndef LEXCN_H
#define LEXCN_H

#include "common.h"
#include "grammar.h"
#include "doc.h"
#include "parse.h"
#include "cite.h"
#include "graph.h"
#include "render.h"
#include "tokenizer.h"
#include "diff.h"
#include "compare.h"
#include "amend.h"
#include "versions.h"

#endif
