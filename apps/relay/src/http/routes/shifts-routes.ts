// /api/v1/shifts: one day's shift, or summaries over a range of days.
import { Router, type Response } from 'express';
import type { QueryResult, ShiftQueryService } from '../../services/shift-queries.js';
import { errorBody, pathParam, sendError } from '../errors.js';

export function shiftsRouter(shifts: ShiftQueryService): Router {
  const router = Router();
  router.get('/api/v1/shifts/:date', (req, res) => {
    answer(res, shifts.day(pathParam(req.params, 'date')));
  });
  router.get('/api/v1/shifts', (req, res) => {
    answer(res, shifts.range(req.query.from, req.query.to));
  });
  return router;
}

function answer<T>(res: Response, result: QueryResult<T>): void {
  if (result.ok) {
    res.json(result.value);
    return;
  }
  sendError(res, 400, errorBody(result.code, result.message, result.field));
}
