package io.shopwatch.alert.escalation;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * A rotation of people on call ({@code oncall_schedules}): from {@code start} at {@code handoff} (local time in
 * {@code timezone}), each person in turn for {@code rotation}; whole-day rotations hand off at the same local time
 * every time, across daylight-saving changes. The person is reached through {@code receiver}'s integrations, with
 * their mobile mentioned in chat robots and their address added to e-mails.
 *
 * @param name the schedule's name
 * @param zone its timezone
 * @param start the first day of the rotation
 * @param handoff the local time people hand over
 * @param rotation how long each person is on call
 * @param people the people, in order
 * @param receiver the receiver through which the person on call is told
 */
public record OnCallSchedule(
        String name,
        ZoneId zone,
        LocalDate start,
        LocalTime handoff,
        Duration rotation,
        List<Person> people,
        String receiver) {

    public OnCallSchedule {
        people = List.copyOf(people);
    }

    /** A person who can be on call. */
    public record Person(String name, String email, String mobile, String userId) {}

    /** Who is on call at {@code at} (empty before the rotation starts or when nobody is listed). */
    public Optional<Person> onCallAt(Instant at) {
        if (people.isEmpty()) {
            return Optional.empty();
        }
        ZonedDateTime first = ZonedDateTime.of(start, handoff, zone);
        ZonedDateTime now = at.atZone(zone);
        if (now.isBefore(first)) {
            return Optional.empty();
        }
        long periods;
        if (rotation.toSeconds() % 86_400 == 0) {
            // whole days: count local calendar days since the first handoff, so DST never shifts the handoff
            ZonedDateTime shifted = now.minusHours(handoff.getHour())
                    .minusMinutes(handoff.getMinute())
                    .minusSeconds(handoff.getSecond());
            long days = ChronoUnit.DAYS.between(start, shifted.toLocalDate());
            periods = days / (rotation.toSeconds() / 86_400);
        } else {
            periods = Duration.between(first.toInstant(), at).toSeconds() / rotation.toSeconds();
        }
        return Optional.of(people.get((int) Math.floorMod(periods, (long) people.size())));
    }
}
