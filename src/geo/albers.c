/* The Albers equal-area conic projection on an ellipsoid or a sphere, forward and inverse, written
 * from Snyder (1987), Map Projections - A Working Manual, USGS Professional Paper 1395, chapter 14
 * (pp. 98-103; equations 14-1 to 14-4, 14-12 to 14-15, 14-18, 14-21, 3-12 and 3-16). */
#include <math.h>

#include "nqpf/ellipse.h"
#include "nqpf/error.h"

#define DEG (3.14159265358979323846 / 180.0)

/* Snyder 3-12: q(phi) (authalic function); 2 sin(phi) on the sphere. */
static double qfn(double e2, double s)
{
    if (e2 == 0)
        return 2 * s;
    double e = sqrt(e2), es = e * s;
    return (1 - e2) * (s / (1 - es * es) - 1 / (2 * e) * log((1 - es) / (1 + es)));
}

/* Snyder 14-15: m(phi) = cos(phi) / sqrt(1 - e^2 sin^2(phi)). */
static double mfn(double e2, double phi)
{
    double s = sin(phi);
    return cos(phi) / sqrt(1 - e2 * s * s);
}

int nqpf_albers_init(nqpf_albers *pj, double a, double e2, double lat0, double lon0, double lat1, double lat2)
{
    if (!(a > 0) || !isfinite(a) || !(e2 >= 0 && e2 < 1))
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_albers_init: expected a > 0 and 0 <= e2 < 1, found a = %g, e2 = %g", a,
                              e2);
    if (!(fabs(lat0) < 90 && fabs(lat1) < 90 && fabs(lat2) < 90) || !isfinite(lon0))
        return nqpf_error_set(NQPF_EUSAGE,
                              "nqpf_albers_init: expected latitudes in (-90, 90) and a finite central meridian, found "
                              "lat0 = %g, lat1 = %g, lat2 = %g, lon0 = %g",
                              lat0, lat1, lat2, lon0);
    if (fabs(lat1 + lat2) < 1e-10)
        return nqpf_error_set(NQPF_EUSAGE,
                              "nqpf_albers_init: standard parallels %g and %g are symmetric about the equator (the "
                              "cone degenerates to a cylinder); choose parallels on one side",
                              lat1, lat2);
    double p1 = lat1 * DEG, p2 = lat2 * DEG, m1 = mfn(e2, p1), m2 = mfn(e2, p2);
    double q1 = qfn(e2, sin(p1)), q2 = qfn(e2, sin(p2)), q0 = qfn(e2, sin(lat0 * DEG));
    pj->a = a;
    pj->e2 = e2;
    pj->lon0 = lon0;
    pj->n = fabs(lat1 - lat2) < 1e-10 ? sin(p1) : (m1 * m1 - m2 * m2) / (q2 - q1); /* 14-14; one parallel: sin */
    pj->C = m1 * m1 + pj->n * q1;                                                    /* 14-13 */
    pj->rho0 = a * sqrt(pj->C - pj->n * q0) / pj->n;                                 /* 14-12a */
    return NQPF_OK;
}

void nqpf_albers_china(nqpf_albers *pj)
{
    const double f = 1 / 298.257223563; /* WGS 84 */
    (void)nqpf_albers_init(pj, 6378137.0, f * (2 - f), 0, 105, 25, 47);
}

void nqpf_albers_forward(const nqpf_albers *pj, double lon, double lat, double *x, double *y)
{
    double dl = fmod(lon - pj->lon0, 360.0); /* the longitude difference in [-180, 180) */
    if (dl >= 180)
        dl -= 360;
    else if (dl < -180)
        dl += 360;
    double q = qfn(pj->e2, sin(lat * DEG));
    double rho = pj->a * sqrt(pj->C - pj->n * q) / pj->n; /* 14-12 */
    double theta = pj->n * dl * DEG;                      /* 14-4 */
    *x = rho * sin(theta);                                /* 14-1 */
    *y = pj->rho0 - rho * cos(theta);                     /* 14-2 */
}

void nqpf_albers_inverse(const nqpf_albers *pj, double x, double y, double *lon, double *lat)
{
    const double n = pj->n, e2 = pj->e2;
    double dy = pj->rho0 - y;
    double rho = hypot(x, dy), theta;                          /* 14-10 */
    if (n < 0) {
        rho = -rho;
        theta = atan2(-x, -dy);
    } else
        theta = atan2(x, dy);                                  /* 14-11 */
    double q = (pj->C - rho * rho * n * n / (pj->a * pj->a)) / n; /* 14-19 */
    double qp = qfn(e2, 1.0), phi;
    *lon = pj->lon0 + theta / n / DEG;                        /* 14-9 */
    if (!isfinite(q) || fabs(q) > qp * (1 + 1e-12)) {
        *lat = NAN;
        return;
    }
    if (fabs(q) >= qp * (1 - 1e-15)) {
        *lat = q > 0 ? 90.0 : -90.0;
        return;
    }
    phi = asin(q / 2);
    if (e2 > 0) {
        const double e = sqrt(e2);
        for (int it = 0; it < 60; it++) { /* 3-16 */
            double s = sin(phi), es = e * s, com = 1 - es * es;
            double d = com * com / (2 * cos(phi)) * (q / (1 - e2) - s / com + 1 / (2 * e) * log((1 - es) / (1 + es)));
            phi += d;
            if (fabs(d) < 1e-12)
                break;
        }
    }
    *lat = phi / DEG;
}
