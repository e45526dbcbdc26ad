package io.sfstigg.core.ratelimit;

import io.sfstigg.core.dynamo.Item;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Permits in DynamoDB, one item per key ({@code pk} = the key) with one attribute per slot
 * ({@code s0}, {@code s1}, ...: the epoch ms of the slot's last permit, see {@link SlotView}).
 * Taking permits is one conditional write (a transaction when a call counts against several
 * keys): each chosen slot must be free. A refused write returns the item as it is, which tells
 * this environment which slots are taken and when the next frees up; waits computed from what it
 * knows cost no call at all. Waiters of one environment are told successive free slots, not all the
 * first one, so that they do not all come back at once for it. Items expire a day after their last
 * permit (TTL {@code expiresAt}).
 */
public final class DynamoCallLimiter implements CallLimiter {
    private static final int ROUNDS = 6;
    private static final int MAX_KEYS = 10_000;
    private static final Duration RETENTION = Duration.ofDays(1);
    private static final long PROMISE_GRACE_MILLIS = 2_000;
    /** A slot freeing up sooner is waited for by whoever asks (a waiter coming back for it); later ones are spread. */
    private static final long SPREAD_BEYOND_MILLIS = 1_000;

    private final DynamoDbClient dynamo;
    private final String table;
    private final long span;
    private final Clock clock;
    private final Map<String, SlotView> views = new ConcurrentHashMap<>();
    private final Map<String, Long> heldBackUntil = new ConcurrentHashMap<>();
    private final Map<String, java.util.Deque<Long>> promised = new ConcurrentHashMap<>();

    /** {@code window}: Stigg's (a minute); {@code margin}: added to it, covering the time from permit to Stigg. */
    public DynamoCallLimiter(DynamoDbClient dynamo, String table, Duration window, Duration margin, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.span = window.plus(margin).toMillis();
        this.clock = clock;
    }

    @Override
    public Admission acquire(List<Demand> demands) {
        for (int round = 0; round < ROUNDS; round++) {
            long now = clock.millis();
            Map<Demand, List<Integer>> chosen = new LinkedHashMap<>();
            long freeAt = plan(demands, now, chosen);
            if (freeAt > now) {
                return Admission.waitFor(Duration.ofMillis(freeAt - now));
            }
            Taken taken = take(chosen, now);
            if (taken == Taken.YES) {
                chosen.forEach((demand, slots) -> slots.forEach(slot -> view(demand).learn(slot, now)));
                demands.forEach(demand -> keep(demand, now));
                return Admission.GRANTED;
            }
            if (taken == Taken.CONFLICT) {
                pause(2 + ThreadLocalRandom.current().nextInt(10 << Math.min(round, 3)));
            }
        }
        long now = clock.millis();
        long freeAt = demands.stream().mapToLong(d -> view(d).freeAt(d.permits(), now, span)).max().orElse(now);
        return Admission.waitFor(Duration.ofMillis(Math.max(freeAt - now, 1)));
    }

    @Override
    public Duration knownWait(List<Demand> demands) {
        long now = clock.millis();
        return Duration.ofMillis(plan(demands, now, new LinkedHashMap<>()) - now);
    }

    /**
     * From what this environment knows: the free slots to take ({@code chosen}), or, when some key
     * has none, the time its permits free up, spread over this environment's earlier waiters.
     */
    private long plan(List<Demand> demands, long now, Map<Demand, List<Integer>> chosen) {
        long freeAt = now;
        boolean spread = false;
        for (Demand demand : demands) {
            SlotView view = view(demand);
            freeAt = Math.max(freeAt, heldBackUntil.getOrDefault(demand.key(), 0L));
            List<Integer> slots = view.pickFree(demand.permits(), now, span);
            if (slots.isEmpty()) {
                long earliest = view.freeAt(demand.permits(), now, span);
                if (earliest - now > SPREAD_BEYOND_MILLIS) {
                    earliest = view.freeAt(demand.permits() + pending(demand.key(), now), now, span);
                    spread = true;
                }
                freeAt = Math.max(freeAt, earliest);
            }
            chosen.put(demand, slots);
        }
        if (freeAt > now && spread) {
            promise(demands, freeAt);
        }
        return freeAt;
    }

    /** Permits this environment has told waiters to come back for, still ahead (or just passed). */
    private int pending(String key, long now) {
        java.util.Deque<Long> times = promised.get(key);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            times.removeIf(t -> t < now - PROMISE_GRACE_MILLIS);
            return times.size();
        }
    }

    /** A waiter came back and took its permits: its promise is kept. */
    private void keep(Demand demand, long now) {
        java.util.Deque<Long> times = promised.get(demand.key());
        if (times != null) {
            synchronized (times) {
                for (int i = 0; i < demand.permits() && !times.isEmpty() && times.peekFirst() <= now + PROMISE_GRACE_MILLIS; i++) {
                    times.pollFirst();
                }
            }
        }
    }

    private void promise(List<Demand> demands, long at) {
        if (promised.size() >= MAX_KEYS) {
            promised.clear();
        }
        for (Demand demand : demands) {
            java.util.Deque<Long> times = promised.computeIfAbsent(demand.key(), k -> new java.util.ArrayDeque<>());
            synchronized (times) {
                for (int i = 0; i < demand.permits(); i++) {
                    times.add(at);
                }
            }
        }
    }

    @Override
    public void holdBack(List<Demand> demands, Duration delay) {
        long until = clock.millis() + delay.toMillis();
        demands.forEach(d -> heldBackUntil.merge(d.key(), until, Math::max));
        heldBackUntil.values().removeIf(t -> t < clock.millis());
    }

    private enum Taken { YES, SLOT_TAKEN, CONFLICT }

    /**
     * One conditional write taking the chosen slots: SLOT_TAKEN (the views updated) when one was taken
     * meanwhile, CONFLICT when another transaction held one of the items.
     */
    private Taken take(Map<Demand, List<Integer>> chosen, long now) {
        List<Demand> demands = new ArrayList<>(chosen.keySet());
        List<Update> updates = demands.stream().map(d -> update(d.key(), chosen.get(d), now)).toList();
        try {
            if (updates.size() == 1) {
                Update u = updates.get(0);
                dynamo.updateItem(r -> r.tableName(table).key(u.key()).updateExpression(u.updateExpression())
                        .conditionExpression(u.conditionExpression())
                        .expressionAttributeNames(u.expressionAttributeNames())
                        .expressionAttributeValues(u.expressionAttributeValues())
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            } else {
                dynamo.transactWriteItems(r -> r.transactItems(
                        updates.stream().map(u -> TransactWriteItem.builder().update(u).build()).toList()));
            }
            return Taken.YES;
        } catch (ConditionalCheckFailedException e) {
            learn(demands.get(0), e.hasItem() ? e.item() : null);
            return Taken.SLOT_TAKEN;
        } catch (TransactionConflictException e) {
            return Taken.CONFLICT;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            boolean slotTaken = false;
            for (int i = 0; i < reasons.size() && i < demands.size(); i++) {
                if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                    learn(demands.get(i), reasons.get(i).hasItem() ? reasons.get(i).item() : null);
                    slotTaken = true;
                }
            }
            return slotTaken ? Taken.SLOT_TAKEN : Taken.CONFLICT;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Update update(String key, List<Integer> slots, long now) {
        Map<String, String> names = new HashMap<>();
        StringBuilder set = new StringBuilder("SET expiresAt = :expires");
        StringBuilder condition = new StringBuilder();
        for (int slot : slots) {
            String name = "#s" + slot;
            names.put(name, "s" + slot);
            set.append(", ").append(name).append(" = :now");
            condition.append(condition.length() == 0 ? "" : " AND ")
                    .append("(attribute_not_exists(").append(name).append(") OR ").append(name).append(" <= :freeBefore)");
        }
        return Update.builder().tableName(table)
                .key(Map.of("pk", Item.s(key)))
                .updateExpression(set.toString())
                .conditionExpression(condition.toString())
                .expressionAttributeNames(names)
                .expressionAttributeValues(Map.of(
                        ":now", Item.n(now),
                        ":freeBefore", Item.n(now - span),
                        ":expires", Item.n((now + RETENTION.toMillis()) / 1000)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    /** Learns the key's slots from the item a refused write returned, or reads it when none came back. */
    private void learn(Demand demand, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> current = item != null && !item.isEmpty() ? item
                : dynamo.getItem(r -> r.tableName(table).key(Map.of("pk", Item.s(demand.key()))).consistentRead(true)).item();
        SlotView view = view(demand);
        if (current == null) {
            return;
        }
        current.forEach((name, value) -> {
            if (name.startsWith("s") && value.n() != null && name.substring(1).chars().allMatch(Character::isDigit)) {
                view.learn(Integer.parseInt(name.substring(1)), Long.parseLong(value.n()));
            }
        });
    }

    private SlotView view(Demand demand) {
        SlotView view = views.get(demand.key());
        if (view == null || view.limit() != demand.limit()) {
            if (views.size() >= MAX_KEYS) {
                views.clear();
            }
            SlotView fresh = new SlotView(demand.limit());
            if (view != null) {
                for (int slot = 0; slot < Math.min(view.limit(), fresh.limit()); slot++) {
                    fresh.learn(slot, view.time(slot));
                }
            }
            views.put(demand.key(), fresh);
            view = fresh;
        }
        return view;
    }
}
