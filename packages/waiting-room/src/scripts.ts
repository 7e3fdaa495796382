import { LuaScript } from '@boxoffice/queue';

// Shared Lua: the time from Redis itself (every process and machine agrees on it), and `finish`, which
// ends a fan's pass through the queue with one anonymised log line (no user id), numbered per event.
// Keys are passed in a table so each script can name them in its own KEYS order.
const prelude = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), tonumber(t[1])
end
local function finish(k, user, reason, now)
  local info = redis.call('HGET', k.fans, user)
  if not info then return end
  redis.call('HDEL', k.fans, user)
  local member, joined, admitted, reserved = string.match(info, '^(%d):(%d+):?(%d*)(:?r?)$')
  if reserved == ':r' then reason = 'reserved' end
  local seq = redis.call('HINCRBY', k.state, 'logSeq', 1)
  local line = {seq = seq, member = member == '1', joined = tonumber(joined), left = now, reason = reason}
  if admitted ~= '' then line.admitted = tonumber(admitted) end
  redis.call('RPUSH', k.log, cjson.encode(line))
end
`;

/**
 * Join, idempotent per fan: someone already queued keeps their score; someone admitted keeps their grant.
 * KEYS: queue, admitted, seen, fans, state, log. ARGV: user, band base, pre-queue (1/0), random key, member (1/0).
 * Returns {'admitted', grantExpiresMs} or {'queued', rank}.
 */
export const joinScript = new LuaScript(`${prelude}
local k = {queue = KEYS[1], admitted = KEYS[2], seen = KEYS[3], fans = KEYS[4], state = KEYS[5], log = KEYS[6]}
local user = ARGV[1]
local now = now_ms()
local grant = redis.call('ZSCORE', k.admitted, user)
if grant then
  if tonumber(grant) > now then return {'admitted', grant} end
  redis.call('ZREM', k.admitted, user)
  finish(k, user, 'access_expired', now)
end
if not redis.call('ZSCORE', k.queue, user) then
  local within
  if ARGV[3] == '1' then within = tonumber(ARGV[4]) else within = redis.call('HINCRBY', k.state, 'order', 1) end
  redis.call('ZADD', k.queue, tonumber(ARGV[2]) + within, user)
  redis.call('HSET', k.fans, user, ARGV[5] .. ':' .. now)
end
redis.call('ZADD', k.seen, now, user)
return {'queued', redis.call('ZRANK', k.queue, user)}
`);

/**
 * Where each fan stands, for status calls and the SSE ticks; with touch=1 it also records that the fans
 * are still there (only those still queued: a fan who lost the place is not brought back).
 * KEYS: queue, admitted, seen. ARGV: touch (1/0), users...
 * Returns per user: rank (>= 0), -1 admitted (next value: grant expiry ms), -2 not in the queue; then
 * the queue length and the Redis time.
 */
export const standingsScript = new LuaScript(`${prelude}
local now = now_ms()
local out = {}
for i = 2, #ARGV do
  local user = ARGV[i]
  local rank = redis.call('ZRANK', KEYS[1], user)
  if rank then
    out[#out + 1] = rank
    out[#out + 1] = 0
    if ARGV[1] == '1' then redis.call('ZADD', KEYS[3], 'XX', now, user) end
  else
    local grant = redis.call('ZSCORE', KEYS[2], user)
    if grant and tonumber(grant) > now then
      out[#out + 1] = -1
      out[#out + 1] = grant
    else
      out[#out + 1] = -2
      out[#out + 1] = 0
    end
  end
end
out[#out + 1] = redis.call('ZCARD', KEYS[1])
out[#out + 1] = tostring(now)
return out
`);

/**
 * One admission tick. Safe when several processes run it at once: Redis runs scripts one at a time and
 * the allowance is computed from Redis' clock and the previous tick's time stored here, so N loops
 * together admit exactly the configured rate and nobody is popped twice.
 *  1. grants that ran out unused free their slot (log: access_expired);
 *  2. fans not seen for the grace period lose their place (log: stream_closed);
 *  3. admit floor(carry + rate x elapsed), bounded by stock not yet covered by live grants, the queue and
 *     a batch cap; an allowance held back is not banked, so admission never bursts after a pause.
 * KEYS: queue, admitted, seen, fans, state, rate, log.
 * ARGV: rate/s, stock (available seats), access ms, grace ms, opens-at ms (0: none), batch cap, reap cap.
 * Returns {admitted count, expired count, reaped count, sold out (1/0), now ms, fans waiting, live grants,
 * admitted users...}.
 */
export const tickScript = new LuaScript(`${prelude}
local k = {queue = KEYS[1], admitted = KEYS[2], seen = KEYS[3], fans = KEYS[4], state = KEYS[5], rate = KEYS[6], log = KEYS[7]}
local rate, stock, access_ms, grace_ms = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local opens_at, batch_cap, reap_cap = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local now, sec = now_ms()

local expired = redis.call('ZRANGEBYSCORE', k.admitted, '-inf', now, 'LIMIT', 0, reap_cap)
for _, user in ipairs(expired) do
  redis.call('ZREM', k.admitted, user)
  finish(k, user, 'access_expired', now)
end
local stale = redis.call('ZRANGEBYSCORE', k.seen, '-inf', now - grace_ms, 'LIMIT', 0, reap_cap)
for _, user in ipairs(stale) do
  redis.call('ZREM', k.seen, user)
  if redis.call('ZREM', k.queue, user) == 1 then finish(k, user, 'stream_closed', now) end
end

local sold_out = stock <= 0 and 1 or 0
redis.call('HSET', k.state, 'soldOut', sold_out)
local last = tonumber(redis.call('HGET', k.state, 'last'))
redis.call('HSET', k.state, 'last', now)
if not last or now < opens_at then
  redis.call('HSET', k.state, 'carry', 0)
  return {0, #expired, #stale, sold_out, tostring(now), redis.call('ZCARD', k.queue), redis.call('ZCARD', k.admitted)}
end
local elapsed = math.max(0, math.min(now - last, 2000))
local allowance = (tonumber(redis.call('HGET', k.state, 'carry')) or 0) + rate * elapsed / 1000
local n = math.floor(allowance)
local carry = allowance - n
local waiting, grants = redis.call('ZCARD', k.queue), redis.call('ZCARD', k.admitted)
local room = math.min(stock - grants, waiting, batch_cap)
if n > room then
  n = math.max(0, room)
  carry = 0
end
redis.call('HSET', k.state, 'carry', carry)
local out = {n, #expired, #stale, sold_out, tostring(now), waiting - n, grants + n}
if n == 0 then return out end
local popped = redis.call('ZPOPMIN', k.queue, n)
local wait_sum = 0
for i = 1, #popped, 2 do
  local user = popped[i]
  redis.call('ZADD', k.admitted, now + access_ms, user)
  redis.call('ZREM', k.seen, user)
  local info = redis.call('HGET', k.fans, user)
  if info then
    local member, joined = string.match(info, '^(%d):(%d+)')
    redis.call('HSET', k.fans, user, member .. ':' .. joined .. ':' .. now)
    wait_sum = wait_sum + now - math.max(tonumber(joined), opens_at)
  end
  out[#out + 1] = user
end
redis.call('HSETNX', k.state, 'firstSec', sec)
redis.call('HINCRBY', k.rate, 'a:' .. sec, n)
redis.call('HINCRBY', k.rate, 'w:' .. sec, wait_sum)
for old = sec - 40, sec - 31 do redis.call('HDEL', k.rate, 'a:' .. old, 'w:' .. old) end
return out
`);

/**
 * A held reservation turns an admitted fan's slot into held seats. The grant is not dropped at once: the
 * admission loops count seats a moment late, and dropping it first would let them admit a fan into a seat
 * that is already held. It now runs out after the settle time (never later than it would have) and is
 * then logged as reserved.
 * KEYS: admitted, fans. ARGV: user, settle ms. Returns 1 if the fan had a live grant.
 */
export const reservedScript = new LuaScript(`${prelude}
local user = ARGV[1]
local now = now_ms()
local grant = tonumber(redis.call('ZSCORE', KEYS[1], user))
if not grant or grant <= now then return 0 end
redis.call('ZADD', KEYS[1], 'XX', math.min(grant, now + tonumber(ARGV[2])), user)
local info = redis.call('HGET', KEYS[2], user)
if info and string.sub(info, -2) ~= ':r' then redis.call('HSET', KEYS[2], user, info .. ':r') end
return 1
`);

/**
 * The event's pulse for status answers and metrics: sold out or not, admissions and summed waits over the
 * last complete seconds (fewer if admission started more recently), queue length and live grants.
 * KEYS: state, rate, queue, admitted. ARGV: window in seconds.
 * Returns {sold out (1/0), admitted, waited ms, span s, waiting, live grants}.
 */
export const pulseScript = new LuaScript(`
local t = redis.call('TIME')
local sec = tonumber(t[1])
local window = tonumber(ARGV[1])
local admitted, waited = 0, 0
for s = sec - window, sec - 1 do
  admitted = admitted + (tonumber(redis.call('HGET', KEYS[2], 'a:' .. s)) or 0)
  waited = waited + (tonumber(redis.call('HGET', KEYS[2], 'w:' .. s)) or 0)
end
local first = tonumber(redis.call('HGET', KEYS[1], 'firstSec'))
local span = window
if first then span = math.min(window, sec - first) end
local sold_out = tonumber(redis.call('HGET', KEYS[1], 'soldOut')) or 0
return {sold_out, admitted, waited, span, redis.call('ZCARD', KEYS[3]), redis.call('ZCOUNT', KEYS[4], (tonumber(t[1]) * 1000) + 1, '+inf')}
`);
