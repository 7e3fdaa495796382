import { ActionIcon, Box, Group, Text, Tooltip } from '@mantine/core';
import { IconFocusCentered, IconZoomIn, IconZoomOut } from '@tabler/icons-react';
import {
  type MouseEvent as ReactMouseEvent,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { TransformComponent, TransformWrapper } from 'react-zoom-pan-pinch';
import { formatMoney } from '../lib/format';
import type { SeatingMap, SeatLayout, SeatStatus } from './seat-model';

export interface SeatMapProps {
  map: SeatingMap;
  layout: SeatLayout;
  statuses: readonly SeatStatus[];
  selected: ReadonlySet<number>;
  colours: Map<string, string>;
  currency: string;
  onToggle: (index: number) => void;
}

const takenFill = '#45405e';

/** Where the seats and stage are, with a margin: the view box, so small clubs fill the frame too. */
function bounds(map: SeatingMap, layout: SeatLayout) {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const seat of layout.seats) {
    minX = Math.min(minX, seat.x - seat.r);
    minY = Math.min(minY, seat.y - seat.r);
    maxX = Math.max(maxX, seat.x + seat.r);
    maxY = Math.max(maxY, seat.y + seat.r);
  }
  if (map.stage) {
    minX = Math.min(minX, map.stage.x);
    minY = Math.min(minY, map.stage.y);
    maxX = Math.max(maxX, map.stage.x + map.stage.width);
    maxY = Math.max(maxY, map.stage.y + map.stage.height);
  }
  if (!Number.isFinite(minX)) return { x: 0, y: 0, width: map.width, height: map.height };
  const pad = Math.max(maxX - minX, maxY - minY) * 0.04 + 6;
  return { x: minX - pad, y: minY - pad, width: maxX - minX + 2 * pad, height: maxY - minY + 2 * pad };
}

/** What a seat shows: its status, or "selected" while this fan has picked it. */
const lookOf = (status: SeatStatus, picked: boolean): string => (picked ? 'selected' : status);

/**
 * The seats, drawn outside React: a stadium is 50,000 circles, and the seat stream changes a few of
 * them every ~100 ms during an on-sale. Diffing 50,000 elements per change would stall the page, so
 * the circles are written once as compact markup (colours come from classes and `data-status` in
 * the map's stylesheet), then only the seats whose look changed get a new `data-status`.
 */
function useSeatLayer(
  layout: SeatLayout,
  statuses: readonly SeatStatus[],
  selected: ReadonlySet<number>,
  tierClass: Map<string, string>,
) {
  const layer = useRef<SVGGElement>(null);
  const drawn = useRef<{ layout: SeatLayout; looks: string[] } | null>(null);

  useLayoutEffect(() => {
    const group = layer.current;
    if (!group) return;
    const previous = drawn.current;
    if (!previous || previous.layout !== layout) {
      const looks = layout.seats.map((_, i) => lookOf(statuses[i] ?? 'available', selected.has(i)));
      group.innerHTML = layout.seats
        .map(
          (seat, i) =>
            `<circle class="seat ${tierClass.get(seat.tier) ?? ''}" data-i="${i}" data-label="${escapeAttribute(seat.label)}" data-status="${looks[i]}" cx="${round(seat.x)}" cy="${round(seat.y)}" r="${round(seat.r)}"/>`,
        )
        .join('');
      drawn.current = { layout, looks };
      return;
    }
    const circles = group.children;
    for (let i = 0; i < layout.seats.length; i++) {
      const look = lookOf(statuses[i] ?? 'available', selected.has(i));
      if (previous.looks[i] === look) continue;
      circles[i]?.setAttribute('data-status', look);
      previous.looks[i] = look;
    }
  }, [layout, statuses, selected, tierClass]);

  return layer;
}

const round = (value: number) => Math.round(value * 100) / 100;

/** The map's own stylesheet: a fill per price tier, dark once taken, white with a ring when picked. */
function seatStyles(tierClass: Map<string, string>, colours: Map<string, string>): string {
  const tiers = [...tierClass].map(([tier, name]) => `.seat.${name}{fill:${colours.get(tier)}}`).join('');
  return (
    `.seat{fill:#9377ee}${tiers}` +
    `.seat[data-status=reserved],.seat[data-status=sold]{fill:${takenFill}}` +
    '.seat[data-status=selected]{fill:#fff;stroke:#5f34e5;stroke-width:2.5px;vector-effect:non-scaling-stroke}'
  );
}

const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The venue as an SVG: seats coloured by price tier while available, dark once taken, white when
 * picked. Zoom and pan (wheel, pinch, drag, or the buttons) for big venues. One click handler on the
 * group finds the seat from `data-i`, so 50,000 seats cost no 50,000 listeners. Pointer only: the
 * seat list next to it is the keyboard and screen-reader way to the same seats.
 */
export default function SeatMap({
  map,
  layout,
  statuses,
  selected,
  colours,
  currency,
  onToggle,
}: SeatMapProps) {
  const box = useMemo(() => bounds(map, layout), [map, layout]);
  const [hovered, setHovered] = useState<number | null>(null);
  const tierClass = useMemo(() => new Map([...colours.keys()].map((tier, i) => [tier, `t${i}`])), [colours]);
  const seatLayer = useSeatLayer(layout, statuses, selected, tierClass);

  // For the time-to-interactive bench (e2e/bench): the map is committed with its click handler, and
  // the frame that shows it has been painted.
  useEffect(() => {
    performance.mark('seat-map-committed');
    requestAnimationFrame(() => setTimeout(() => performance.mark('seat-map-interactive'), 0));
  }, []);

  const seatAt = (event: ReactMouseEvent<SVGGElement>): number | null => {
    const index = (event.target as SVGElement).getAttribute('data-i');
    return index === null ? null : Number(index);
  };
  const hoveredSeat = hovered === null ? null : layout.seats[hovered];
  const labelSize = Math.max(box.width, box.height) / 60;

  return (
    <Box className="seat-map" pos="relative" data-testid="seat-map" data-ready="true">
      <TransformWrapper minScale={1} maxScale={16} doubleClick={{ disabled: true }} wheel={{ step: 0.15 }}>
        {({ zoomIn, zoomOut, resetTransform }) => (
          <>
            <Group gap={6} pos="absolute" top={10} right={10} style={{ zIndex: 2 }}>
              <Tooltip label="Zoom in">
                <ActionIcon variant="white" color="dark" aria-label="Zoom in" onClick={() => zoomIn()}>
                  <IconZoomIn size={18} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Zoom out">
                <ActionIcon variant="white" color="dark" aria-label="Zoom out" onClick={() => zoomOut()}>
                  <IconZoomOut size={18} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Fit the whole venue">
                <ActionIcon
                  variant="white"
                  color="dark"
                  aria-label="Fit the whole venue"
                  onClick={() => resetTransform()}
                >
                  <IconFocusCentered size={18} />
                </ActionIcon>
              </Tooltip>
            </Group>
            <TransformComponent wrapperStyle={{ width: '100%' }} contentStyle={{ width: '100%' }}>
              <svg
                viewBox={`${box.x} ${box.y} ${box.width} ${box.height}`}
                width="100%"
                style={{ aspectRatio: `${box.width} / ${box.height}`, maxHeight: '70vh' }}
                role="img"
                aria-label="Seat map. Use the seat list to choose seats with a keyboard or screen reader."
              >
                <style>{seatStyles(tierClass, colours)}</style>
                {map.stage && (
                  <g aria-hidden>
                    {map.stage.shape === 'ellipse' ? (
                      <ellipse
                        cx={map.stage.x + map.stage.width / 2}
                        cy={map.stage.y + map.stage.height / 2}
                        rx={map.stage.width / 2}
                        ry={map.stage.height / 2}
                        fill="#2b2650"
                      />
                    ) : (
                      <rect
                        x={map.stage.x}
                        y={map.stage.y}
                        width={map.stage.width}
                        height={map.stage.height}
                        rx={6}
                        fill="#2b2650"
                      />
                    )}
                    <text
                      x={map.stage.x + map.stage.width / 2}
                      y={map.stage.y + map.stage.height / 2}
                      fill="#cfc8ff"
                      fontSize={labelSize * 1.3}
                      fontWeight={700}
                      textAnchor="middle"
                      dominantBaseline="middle"
                    >
                      {map.stage.label.toUpperCase()}
                    </text>
                  </g>
                )}
                {layout.sections.map((section) => {
                  // Centred over the section, no wider than it: a stadium's sections are small.
                  const width =
                    Math.max(...section.rows.map((row) => (row.offset ?? 0) + row.seats)) * section.seatPitch;
                  const size = Math.min(
                    labelSize,
                    (width / Math.max(4, section.name.length)) * 1.6,
                    section.rowPitch * 2,
                  );
                  return (
                    <text
                      key={section.code}
                      x={section.x + width / 2}
                      y={section.y - size * 0.35}
                      fill="#a9a3cf"
                      fontSize={size}
                      textAnchor="middle"
                      transform={`rotate(${section.rotation} ${section.x} ${section.y})`}
                      aria-hidden
                    >
                      {section.name}
                    </text>
                  );
                })}
                {/* biome-ignore lint/a11y/noStaticElementInteractions: pointer shortcut; the seat list is the accessible control */}
                <g
                  onClick={(event) => {
                    const index = seatAt(event);
                    if (index !== null && statuses[index] === 'available') onToggle(index);
                  }}
                  onPointerOver={(event) => setHovered(seatAt(event))}
                  onPointerLeave={() => setHovered(null)}
                  ref={seatLayer}
                ></g>
              </svg>
            </TransformComponent>
          </>
        )}
      </TransformWrapper>
      <Box px="sm" py={8} bg="rgba(255,255,255,0.06)" aria-hidden>
        <Text size="sm" c="gray.2">
          {hoveredSeat
            ? `Section ${hoveredSeat.section} · Row ${hoveredSeat.row} · Seat ${hoveredSeat.number} · ${formatMoney(hoveredSeat.price, currency)} · ${selected.has(hovered ?? -1) ? 'selected' : (statuses[hovered ?? -1] ?? 'available') === 'available' ? 'available' : 'taken'}`
            : 'Scroll or pinch to zoom, drag to move, click a seat to pick it'}
        </Text>
      </Box>
    </Box>
  );
}
