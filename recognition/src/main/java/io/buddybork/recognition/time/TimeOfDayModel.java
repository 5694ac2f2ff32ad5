package io.buddybork.recognition.time;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;

/**
 * Circular density of when a tag occurs over the 24 h day: a von Mises kernel density estimate
 * (the circular analogue of a Gaussian KDE, so 23:50 and 00:10 are neighbours), blended with a
 * uniform floor so a tag is never impossible at any hour. Immutable and thread-safe.
 *
 * <p>Densities are per hour (they integrate to 1 over [0, 24)); {@link #relativeDensity} divides
 * by the uniform 1/24 so 1.0 means "no information".
 */
public final class TimeOfDayModel {

    private static final double TWO_PI = 2 * Math.PI;

    private final double[] anglesRad;
    private final double kappa;
    private final double uniformWeight;
    private final String zone;
    private final double logNorm;

    private TimeOfDayModel(double[] anglesRad, double kappa, double uniformWeight, String zone) {
        this.anglesRad = anglesRad;
        this.kappa = kappa;
        this.uniformWeight = uniformWeight;
        this.zone = zone;
        this.logNorm = -Math.log(TWO_PI) - logBesselI0(kappa);
    }

    /**
     * A model from its parameters, as a model file stores them.
     *
     * @param anglesRad the observations' times of day as angles in [0, 2 pi)
     * @param kappa concentration of the von Mises kernel, > 0
     * @param uniformWeight weight of the uniform floor, in [0, 1]
     * @param zone the home's time zone id
     * @throws IllegalArgumentException when a parameter is out of range or the zone unknown
     */
    public static TimeOfDayModel of(double[] anglesRad, double kappa, double uniformWeight, String zone) {
        if (anglesRad == null) {
            throw new IllegalArgumentException("no observation angles");
        }
        for (double a : anglesRad) {
            if (!(a >= 0 && a < TWO_PI)) {
                throw new IllegalArgumentException("observation angle out of range: " + a);
            }
        }
        if (!(kappa > 0) || !Double.isFinite(kappa)) {
            throw new IllegalArgumentException("kappa must be positive, got " + kappa);
        }
        if (!(uniformWeight >= 0 && uniformWeight <= 1)) {
            throw new IllegalArgumentException("uniformWeight must be in [0, 1], got " + uniformWeight);
        }
        try {
            ZoneId.of(zone);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unknown time zone " + zone, e);
        }
        return new TimeOfDayModel(anglesRad.clone(), kappa, uniformWeight, zone);
    }

    /** The observations' times of day as angles in [0, 2 pi) (a copy). */
    public double[] anglesRad() {
        return anglesRad.clone();
    }

    /** Concentration of the von Mises kernel. */
    public double kappa() {
        return kappa;
    }

    /** Weight of the uniform floor. */
    public double uniformWeight() {
        return uniformWeight;
    }

    /**
     * Fits a model to event times.
     *
     * @param times when the tag was observed
     * @param zone local time zone of the home (the day is local, not UTC)
     * @param bandwidthHours kernel width in hours (about one standard deviation), e.g. 1.0
     */
    public static TimeOfDayModel fit(Collection<Instant> times, ZoneId zone, double bandwidthHours) {
        double[] hours = times.stream().mapToDouble(t -> hourOfDay(t, zone)).toArray();
        return fitHours(hours, zone, bandwidthHours);
    }

    /** Fits a model to hours of the day in [0, 24). */
    public static TimeOfDayModel fitHours(double[] hours, ZoneId zone, double bandwidthHours) {
        if (bandwidthHours <= 0 || bandwidthHours > 12) {
            throw new IllegalArgumentException("bandwidthHours must be in (0, 12], got " + bandwidthHours);
        }
        double[] angles = new double[hours.length];
        for (int i = 0; i < hours.length; i++) {
            double h = hours[i];
            if (!(h >= 0 && h < 24)) {
                throw new IllegalArgumentException("hour of day out of range: " + h);
            }
            angles[i] = h / 24 * TWO_PI;
        }
        double sigmaRad = bandwidthHours / 24 * TWO_PI;
        double kappa = 1.0 / (sigmaRad * sigmaRad);
        // Few observations deserve little confidence: shrink toward uniform.
        double uniform = 1.0 / (1.0 + hours.length / 5.0);
        return new TimeOfDayModel(angles, kappa, uniform, zone.getId());
    }

    /** Local hour of day in [0, 24) of an instant. */
    public static double hourOfDay(Instant t, ZoneId zone) {
        ZonedDateTime z = t.atZone(zone);
        return z.getHour() + z.getMinute() / 60.0 + z.getSecond() / 3600.0 + z.getNano() / 3.6e12;
    }

    /** Number of observations. */
    public int observations() {
        return anglesRad.length;
    }

    /** The zone whose local day this model describes. */
    public ZoneId zone() {
        return ZoneId.of(zone);
    }

    /** Density per hour at a local hour of day. */
    public double densityAtHour(double hour) {
        double uniformPerHour = 1.0 / 24;
        if (anglesRad.length == 0) {
            return uniformPerHour;
        }
        double theta = hour / 24 * TWO_PI;
        double sum = 0;
        for (double mu : anglesRad) {
            sum += Math.exp(kappa * Math.cos(theta - mu) + logNorm);
        }
        double perRadian = sum / anglesRad.length;
        double perHour = perRadian * TWO_PI / 24;
        return uniformWeight * uniformPerHour + (1 - uniformWeight) * perHour;
    }

    /**
     * Density at an instant relative to this model's busiest time of day: 1.0 at the peak, less
     * elsewhere. As a score multiplier it can only lower a score, never lift it over a threshold
     * that was calibrated without the prior.
     */
    public double peakRelativeDensity(Instant t) {
        return Math.min(1.0, densityAtHour(hourOfDay(t, zone())) / peakDensity());
    }

    private volatile double peak;

    /** The highest density per hour over the day (on a one-minute grid). */
    public double peakDensity() {
        if (peak <= 0) {
            double max = 0;
            for (int minute = 0; minute < 24 * 60; minute++) {
                max = Math.max(max, densityAtHour(minute / 60.0));
            }
            peak = max;
        }
        return peak;
    }

    /** Density relative to uniform at an instant (1.0 = uninformative). */
    public double relativeDensity(Instant t) {
        return densityAtHour(hourOfDay(t, zone())) * 24;
    }

    /** log I0(x), stable for large x. */
    static double logBesselI0(double x) {
        double ax = Math.abs(x);
        if (ax < 3.75) {
            double y = (x / 3.75) * (x / 3.75);
            return Math.log(
                    1.0
                            + y
                                    * (3.5156229
                                            + y
                                                    * (3.0899424
                                                            + y
                                                                    * (1.2067492
                                                                            + y
                                                                                    * (0.2659732
                                                                                            + y
                                                                                                    * (0.360768e-1
                                                                                                            + y
                                                                                                                    * 0.45813e-2))))));
        }
        double y = 3.75 / ax;
        return ax
                - 0.5 * Math.log(ax)
                + Math.log(
                        0.39894228
                                + y
                                        * (0.1328592e-1
                                                + y
                                                        * (0.225319e-2
                                                                + y
                                                                        * (-0.157565e-2
                                                                                + y
                                                                                        * (0.916281e-2
                                                                                                + y
                                                                                                        * (-0.2057706e-1
                                                                                                                + y
                                                                                                                        * (0.2635537e-1
                                                                                                                                + y
                                                                                                                                        * (-0.1647633e-1
                                                                                                                                                + y
                                                                                                                                                        * 0.392377e-2))))))));
    }
}
