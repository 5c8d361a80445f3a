import { Inject } from '@nestjs/common';
import {
  TIMEBACK_CALIPER_HTTP,
  TIMEBACK_ONEROSTER_HTTP,
  TIMEBACK_QTI_HTTP,
  TIMEBACK_SETTINGS,
  TIMEBACK_TOKEN_STORE,
} from './timeback.constants.js';

export const InjectTimebackSettings = (): ParameterDecorator & PropertyDecorator => Inject(TIMEBACK_SETTINGS);
export const InjectOneRosterHttp = (): ParameterDecorator & PropertyDecorator => Inject(TIMEBACK_ONEROSTER_HTTP);
export const InjectQtiHttp = (): ParameterDecorator & PropertyDecorator => Inject(TIMEBACK_QTI_HTTP);
export const InjectCaliperHttp = (): ParameterDecorator & PropertyDecorator => Inject(TIMEBACK_CALIPER_HTTP);
export const InjectTimebackTokenStore = (): ParameterDecorator & PropertyDecorator => Inject(TIMEBACK_TOKEN_STORE);
