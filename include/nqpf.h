/** @file nqpf.h @brief Umbrella header: includes every public nqpf header. */
#ifndef NQPF_H
#define NQPF_H

#include "nqpf/dea.h"
#include "nqpf/distribute.h"
#include "nqpf/dynamics.h"
#include "nqpf/ellipse.h"
#include "nqpf/error.h"
#include "nqpf/expr.h"
#include "nqpf/gazetteer.h"
#include "nqpf/geodetector.h"
#include "nqpf/geojson.h"
#include "nqpf/global.h"
#include "nqpf/index.h"
#include "nqpf/io.h"
#include "nqpf/join.h"
#include "nqpf/malmquist.h"
#include "nqpf/network.h"
#include "nqpf/options.h"
#include "nqpf/panel.h"
#include "nqpf/region.h"
#include "nqpf/report.h"
#include "nqpf/secondstage.h"
#include "nqpf/prodest.h"
#include "nqpf/sfa.h"
#include "nqpf/spatial.h"
#include "nqpf/spreg.h"
#include "nqpf/study.h"
#include "nqpf/table.h"
#include "nqpf/tfp.h"
#include "nqpf/version.h"

#endif
