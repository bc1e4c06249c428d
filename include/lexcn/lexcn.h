/*
 * lexcn/lexcn.h: the whole public API of liblexcn, one header per module:
 *
 *   common.h     export marker, version, error codes (lx_code, lx_error)
 *   grammar.h    grammar sets (rules as data, grammar/)
 *   doc.h        a document: tree of nodes, metadata, diagnostics
 *   parse.h      bytes -> document (decode, clean-up, structure, metadata)
 *   cite.h       references and the nodes they name; sets of documents
 *   render.h     JSON, JSONL and text renderers of documents
 *   tokenizer.h  Chinese word tokens and normal forms
 *   diff.h       what changed between two versions of a statute
 *   compare.h    the same provision across documents; figures
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
#include "render.h"
#include "tokenizer.h"
#include "diff.h"
#include "compare.h"

#endif
