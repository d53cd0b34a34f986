/**
 * Our search attributes as the operator service registers them (`addSearchAttributes`): name to
 * indexed value type. Used where a server is set up by API rather than by CLI flags: the
 * time-skipping test server and the cluster of `npm run cluster`.
 */
import { SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { ALL_SEARCH_ATTRIBUTES } from '../contracts/search-attributes';

const T = temporal.api.enums.v1.IndexedValueType;
const INDEXED: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  [SearchAttributeType.KEYWORD]: T.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.BOOL]: T.INDEXED_VALUE_TYPE_BOOL,
  [SearchAttributeType.DATETIME]: T.INDEXED_VALUE_TYPE_DATETIME,
  [SearchAttributeType.KEYWORD_LIST]: T.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  [SearchAttributeType.INT]: T.INDEXED_VALUE_TYPE_INT,
  [SearchAttributeType.TEXT]: T.INDEXED_VALUE_TYPE_TEXT,
  [SearchAttributeType.DOUBLE]: T.INDEXED_VALUE_TYPE_DOUBLE,
};

export function indexedSearchAttributes(): Record<string, temporal.api.enums.v1.IndexedValueType> {
  return Object.fromEntries(
    ALL_SEARCH_ATTRIBUTES.map((k) => [k.name, INDEXED[k.type] as temporal.api.enums.v1.IndexedValueType]),
  );
}
