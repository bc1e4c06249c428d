/*
 * render.h: JSON pieces shared by the renderers of several commands.
 */
#ifndef LX_RENDER_H
#define LX_RENDER_H

#include <jansson.h>

#include "lexcn.h"

/* A citation as JSON (schema/document.schema.json, $defs/citation). */
json_t *lx_cite_json(const lx_cite *c);

#endif
