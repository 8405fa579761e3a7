import type { Plotter } from '@fabdesk/shared/models/plotter.ts';
import { axidrawProfile } from '@fabdesk/shared/plan/axidraw-models.ts';
import { DeviceProfileSchema } from '@fabdesk/shared/plan/device-profile.ts';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PLOTTER_SETTINGS,
  PlotterSettings,
  parseMotionInput,
  plotterProfile,
  plotterSettings,
} from './plotter-settings.ts';

const at = '2025-01-01T00:00:00.000Z';
function plotter(defaults: Plotter['defaults'], model: string | null = 'axidraw-v3-a3'): Plotter {
  return {
    id: '0190b6c8-0000-7000-8000-000000000001',
    kind: 'axidraw',
    model,
    name: 'Big one',
    port: null,
    firmware: null,
    defaults,
    createdAt: at,
    updatedAt: at,
    retiredAt: null,
  };
}

describe('plotterSettings', () => {
  it('a plotter saved before motion limits existed gets its model’s stock limits', () => {
    const stock = axidrawProfile('axidraw-v3-a3');
    expect(plotterSettings(plotter({ penUpPercent: 70, penDownPercent: 20 }))).toEqual({
      model: 'axidraw-v3-a3',
      penUpPercent: 70,
      penDownPercent: 20,
      penDownSpeedMmS: stock.penDown.maxSpeedMmS,
      penDownAccelMmS2: stock.penDown.accelMmS2,
      penUpSpeedMmS: stock.penUp.maxSpeedMmS,
      penUpAccelMmS2: stock.penUp.accelMmS2,
      corneringMm: stock.penDown.corneringMm,
    });
  });

  it('keeps stored limits; a stored value out of bounds or of another shape falls back alone', () => {
    const s = plotterSettings(
      plotter({
        penDownSpeedMmS: 25,
        penDownAccelMmS2: 150,
        penUpSpeedMmS: 900, // over the AxiDraw's bound
        penUpAccelMmS2: 'fast',
        corneringMm: 0.05,
        somethingElse: true,
      }),
    );
    expect(s.penDownSpeedMmS).toBe(25);
    expect(s.penDownAccelMmS2).toBe(150);
    expect(s.penUpSpeedMmS).toBe(200);
    expect(s.penUpAccelMmS2).toBe(400);
    expect(s.corneringMm).toBe(0.05);
    expect(PlotterSettings.parse(s)).toEqual(s);
  });

  it('an unknown model keeps its name and plans with the V3’s stock limits', () => {
    const s = plotterSettings(plotter({}, 'axidraw-v9'));
    expect(s.model).toBe('axidraw-v9');
    expect(plotterProfile(s).penDown).toEqual(axidrawProfile('axidraw-v3').penDown);
  });
});

describe('plotterProfile', () => {
  it('is the model’s stock profile with the plotter’s limits, valid by DeviceProfileSchema', () => {
    const profile = plotterProfile({
      ...DEFAULT_PLOTTER_SETTINGS,
      model: 'axidraw-v3-xlx',
      penDownSpeedMmS: 20,
      penDownAccelMmS2: 100,
      penUpSpeedMmS: 150,
      penUpAccelMmS2: 300,
      corneringMm: 0.2,
    });
    expect(DeviceProfileSchema.parse(profile)).toEqual(profile);
    expect(profile.travelWidthMm).toBe(595);
    expect(profile.penDown).toEqual({ maxSpeedMmS: 20, accelMmS2: 100, corneringMm: 0.2 });
    expect(profile.penUp).toEqual({ maxSpeedMmS: 150, accelMmS2: 300, corneringMm: 0 });
  });

  it('the defaults give the stock profile', () => {
    expect(plotterProfile(DEFAULT_PLOTTER_SETTINGS)).toEqual(axidrawProfile('axidraw-v3'));
  });
});

describe('parseMotionInput', () => {
  it.each([
    ['penDownSpeedMmS', '25', 25],
    ['penDownSpeedMmS', ' 12.5 ', 12.5],
    ['penDownSpeedMmS', '12,5', 12.5],
    ['penUpSpeedMmS', '210', 210],
    ['corneringMm', '0', 0],
    ['corneringMm', '.2', 0.2],
    ['penUpAccelMmS2', '1500', 1500],
  ] as const)('%s “%s” is %d', (key, text, value) => {
    expect(parseMotionInput(key, text)).toEqual({ ok: true, value });
  });

  it.each([
    ['penDownSpeedMmS', '', 'Enter the pen-down speed (1–210 mm/s).'],
    ['penDownSpeedMmS', 'fast', 'Pen-down speed: “fast” is not a number; enter 1–210 mm/s.'],
    ['penDownSpeedMmS', '1e3', 'Pen-down speed: “1e3” is not a number; enter 1–210 mm/s.'],
    ['penDownSpeedMmS', '-5', 'Pen-down speed: “-5” is not a number; enter 1–210 mm/s.'],
    ['penDownSpeedMmS', '0.5', 'Pen-down speed must be at least 1 mm/s.'],
    [
      'penUpSpeedMmS',
      '250',
      'Pen-up speed must be at most 210 mm/s: the EBB steps its motors at most 25,000 times a second.',
    ],
    [
      'penDownAccelMmS2',
      '5000',
      'Pen-down acceleration must be at most 1000 mm/s²: harder starts and stops make the motors skip steps.',
    ],
    [
      'corneringMm',
      '3',
      'Cornering must be at most 1 mm: corners would be taken too fast for the pen to follow the line.',
    ],
  ] as const)('%s “%s” is refused: %s', (key, text, message) => {
    expect(parseMotionInput(key, text)).toEqual({ ok: false, message });
  });
});
