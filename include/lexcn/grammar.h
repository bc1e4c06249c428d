/*
 * lexcn/grammar.h: grammar sets: the rules, loaded from grammar files
 * (grammar/README.md), that decide structure, metadata and citations.
 *
 * A set is read-only after loading and may be shared between threads.
 */
#ifndef LEXCN_GRAMMAR_H
#define LEXCN_GRAMMAR_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lx_grammar lx_grammar;
typedef struct lx_grammars lx_grammars;


/* Loads the grammars built into the binary (the files of grammar/) into a
 * new set in *out (free it with lx_grammars_free()).  LX_OK, LX_ERR_NOMEM
 * or LX_ERR_GRAMMAR (a built-in grammar that does not load). */
LX_EXTERN int lx_grammars_builtin(lx_grammars **out, lx_error *err);
/* Adds a grammar file; it becomes selectable by its name and its path,
 * and the set owns it.  LX_OK, LX_ERR_IO (unreadable), LX_ERR_GRAMMAR
 * (err->msg: file:line:col: ...) or LX_ERR_NOMEM. */
LX_EXTERN int lx_grammars_add_file(lx_grammars *set, const char *path, lx_error *err);
/* Adds a grammar from memory (copied); `name` is used in error messages.
 * LX_OK, LX_ERR_GRAMMAR or LX_ERR_NOMEM. */
LX_EXTERN int lx_grammars_add_buffer(lx_grammars *set, const char *name, const char *buf,
                           size_t len, lx_error *err);
/* Finds a grammar by name ("statute", "policy", "figures") or path; NULL
 * when none.  Borrowed: valid until lx_grammars_free(). */
LX_EXTERN const lx_grammar *lx_grammars_find(const lx_grammars *set, const char *name);
/* Its name (borrowed, valid until lx_grammars_free()). */
LX_EXTERN const char *lx_grammar_name(const lx_grammar *g);
/* True for a structure grammar (one with an article rule). */
LX_EXTERN bool lx_grammar_has_structure(const lx_grammar *g);
/* Frees the set and its grammars; NULL is allowed. */
LX_EXTERN void lx_grammars_free(lx_grammars *set);

#ifdef __cplusplus
}
#endif

#endif
